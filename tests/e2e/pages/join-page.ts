import { expect, type Page } from '@playwright/test';

/** The welcome page's code field and the join page it leads to (invites and sign-in codes). */
export class JoinPage {
	constructor(readonly page: Page) {}

	/** Types a code into the welcome page (signed out) and continues to the join page. */
	async enterOnWelcome(origin: string, code: string): Promise<void> {
		await this.page.goto(`${origin}/`);
		await this.page.getByTestId('welcome-code').fill(code);
		await this.page.getByRole('button', { name: '继续' }).click();
		await this.page.waitForURL(/\/join\//);
	}

	/** Replaces the code on the join page and checks it again. */
	async correct(code: string): Promise<void> {
		await this.page.getByTestId('join-code').fill(code);
		await this.page.getByRole('button', { name: '核对' }).click();
		await expect(this.page.getByTestId('join-what')).toBeVisible();
	}

	async expectError(text: string): Promise<void> {
		await expect(this.page.getByTestId('join-error')).toContainText(text);
		await expect(this.page.getByTestId('join-code')).toHaveAttribute('aria-invalid', 'true');
	}
}
