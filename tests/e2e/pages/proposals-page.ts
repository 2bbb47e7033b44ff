import { expect, type Locator, type Page } from '@playwright/test';

/** 由方案生成的建议 (/plan/proposals): proposal cards by section, accepted or rejected one by one. */
export class ProposalsPage {
	constructor(readonly page: Page) {}

	section(kind: 'leadership' | 'domain' | 'department' | 'rule'): Locator {
		return this.page.getByTestId(`proposals-${kind}`);
	}

	/** The card of one proposal, by its key (`group`, `domain:<title>`, `rule:<kind>:<every>`). */
	card(key: string): Locator {
		return this.page.locator(`[data-testid="proposal"][data-key="${key}"]`);
	}

	async accept(key: string): Promise<void> {
		await this.card(key).getByTestId('proposal-accept').click();
		await expect(this.card(key)).toHaveAttribute('data-state', 'same');
	}

	async reject(key: string): Promise<void> {
		await this.card(key).getByTestId('proposal-reject').click();
		await expect(this.card(key)).toHaveCount(0);
	}

	/** Accepts every open proposal of a section, one card at a time, as a person would. */
	async acceptAll(kind: 'domain' | 'department'): Promise<number> {
		const buttons = this.section(kind).getByTestId('proposal-accept');
		let accepted = 0;
		for (let open = await buttons.count(); open > 0; open--) {
			await buttons.first().click();
			await expect(buttons).toHaveCount(open - 1);
			accepted++;
		}
		return accepted;
	}
}
