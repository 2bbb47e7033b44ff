import { expect, type Locator, type Page } from '@playwright/test';

export type Answer = 'pass' | 'fail' | 'na';

export class RoundPage {
	constructor(readonly page: Page) {}

	items(): Locator {
		return this.page.getByTestId('checklist-item');
	}

	/** An item by its place in the list as shown, or by its text (the order differs per inspector). */
	item(which: number | string): Locator {
		return typeof which === 'number' ? this.items().nth(which) : this.items().filter({ hasText: which });
	}

	async waitForChecklist(): Promise<void> {
		await expect(this.items().first()).toBeVisible();
	}

	/**
	 * Answers an item; a passed or n/a item is one line, so it is opened first to change it. Retried
	 * as a whole: someone else's answer arriving meanwhile can fold the item under the pointer.
	 */
	async answer(which: number | string, value: Answer): Promise<void> {
		const item = this.item(which);
		const button = item.locator(`button[data-answer="${value}"]`);
		await expect(async () => {
			if ((await item.getAttribute('data-answer')) === value) return;
			if (!(await button.isVisible())) await item.getByTestId('answer-state').click({ timeout: 2_000 });
			await button.click({ timeout: 2_000 });
			await expect(item).toHaveAttribute('data-answer', value, { timeout: 2_000 });
		}).toPass();
	}

	/** The item's note field, opened with its 备注 toggle if it is not shown by itself. */
	async note(which: number | string): Promise<Locator> {
		const item = this.item(which);
		const field = item.getByTestId('note');
		if (!(await field.isVisible())) await item.getByTestId('note-toggle').click();
		await expect(field).toBeVisible();
		return field;
	}

	/** Opens the item's answer history and returns its entries, newest first. */
	async openHistory(index: number): Promise<Locator> {
		const toggle = this.item(index).getByTestId('history-toggle');
		await toggle.click();
		await expect(toggle).toHaveAttribute('aria-expanded', 'true');
		return this.item(index).getByTestId('history-entry');
	}

	async expectAnswer(which: number | string, value: Answer | ''): Promise<void> {
		await expect(this.item(which)).toHaveAttribute('data-answer', value);
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
