import { expect, type Locator, type Page } from '@playwright/test';
import type { RoundPage } from './round-page.ts';

/** A round item's hazards: 登记隐患, 关联已有隐患, and the badges of the hazards raised. */
export class ItemHazards {
	readonly page: Page;

	constructor(
		readonly round: RoundPage,
		readonly index: number
	) {
		this.page = round.page;
	}

	get item(): Locator {
		return this.round.item(this.index);
	}

	/** The item's hazard links (number and state), one per hazard. */
	get badges(): Locator {
		return this.item.getByTestId('item-hazard');
	}

	get registerSheet(): Locator {
		return this.page.getByTestId('register-hazard-sheet');
	}

	get linkSheet(): Locator {
		return this.page.getByTestId('link-hazard-sheet');
	}

	/** Opens 登记隐患 and returns the sheet, filled from the item. */
	async openRegister(): Promise<Locator> {
		await this.item.getByTestId('register-hazard').click();
		await expect(this.registerSheet).toBeVisible();
		return this.registerSheet;
	}

	/** Registers with what the sheet holds; the item then shows one more hazard. */
	async register(): Promise<void> {
		const before = await this.badges.count();
		await this.registerSheet.getByTestId('register-hazard-submit').click();
		await expect(this.registerSheet).toBeHidden();
		await expect(this.badges).toHaveCount(before + 1);
	}

	/** 关联已有隐患: searches and picks the hazard numbered `number`. */
	async link(search: string, number: string): Promise<void> {
		await this.item.getByTestId('link-hazard').click();
		await expect(this.linkSheet).toBeVisible();
		await this.linkSheet.getByTestId('link-hazard-search').fill(search);
		await this.linkSheet.getByRole('button', { name: `关联 ${number}` }).click();
		await expect(this.linkSheet).toBeHidden();
	}

	async expectBadge(number: string, state: string, text: string): Promise<void> {
		const badge = this.badges.filter({ hasText: number });
		await expect(badge.getByTestId('hazard-state')).toHaveAttribute('data-state', state);
		await expect(badge.getByTestId('hazard-state')).toHaveText(text);
	}
}
