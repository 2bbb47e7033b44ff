import { expect, type Locator, type Page } from '@playwright/test';

/** 方案 → 版本: save a version, the list, one version, two texts compared, restore. */
export class PlanVersionsPage {
	constructor(readonly page: Page) {}

	async goto(origin: string): Promise<void> {
		await this.page.goto(`${origin}/plan/versions`);
		await expect(this.page.getByRole('heading', { name: '方案版本' })).toBeVisible();
	}

	async save(name: string): Promise<void> {
		await this.page.getByTestId('version-name').fill(name);
		await this.page.getByTestId('version-save-submit').click();
	}

	/** The row of the version named `name` (exactly, as the list shows it). */
	row(name: string): Locator {
		return this.page
			.getByTestId('version-row')
			.filter({ has: this.page.getByTestId('version-row-name').getByText(name, { exact: true }) });
	}

	get diff(): Locator {
		return this.page.getByTestId('version-diff');
	}

	/** Blocks of the comparison with `status` (added, removed, changed, same). */
	blocks(status: string): Locator {
		return this.diff.locator(`[data-testid="diff-block"][data-status="${status}"]`);
	}

	/** Confirms the open restore or delete dialog. */
	async confirm(): Promise<void> {
		const dialog = this.page.getByTestId('version-confirm');
		await expect(dialog).toBeVisible();
		await dialog.getByTestId('version-confirm-ok').click();
		await expect(dialog).toBeHidden();
	}
}
