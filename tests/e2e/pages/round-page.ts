import { expect, type Locator, type Page } from '@playwright/test';

export type Answer = 'pass' | 'fail' | 'na';

export class RoundPage {
	constructor(readonly page: Page) {}

	items(): Locator {
		return this.page.getByTestId('checklist-item');
	}

	item(index: number): Locator {
		return this.items().nth(index);
	}

	async waitForChecklist(): Promise<void> {
		await expect(this.items().first()).toBeVisible();
	}

	async answer(index: number, value: Answer): Promise<void> {
		await this.item(index).locator(`button[data-answer="${value}"]`).click();
		await expect(this.item(index)).toHaveAttribute('data-answer', value);
	}

	async expectAnswer(index: number, value: Answer | ''): Promise<void> {
		await expect(this.item(index)).toHaveAttribute('data-answer', value);
	}

	/** Every item's current answer, in order ('' for unanswered). */
	async answers(): Promise<string[]> {
		return this.items().evaluateAll((items) => items.map((item) => item.getAttribute('data-answer') ?? ''));
	}

	async expectSynced(): Promise<void> {
		await expect(this.page.getByTestId('sync-state')).toHaveText('已同步');
		await expect(this.page.getByTestId('sync-pending')).toHaveCount(0);
	}

	async expectOffline(): Promise<void> {
		await expect(this.page.getByTestId('sync-state')).toHaveText('离线');
	}

	/** Waits until the service worker controls the page, so the shell is cached. */
	async waitForServiceWorker(): Promise<void> {
		await this.page.evaluate(async () => {
			await navigator.serviceWorker.ready;
			if (!navigator.serviceWorker.controller) {
				await new Promise((resolve) =>
					navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true })
				);
			}
		});
	}
}
