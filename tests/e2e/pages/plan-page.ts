import { expect, type Locator, type Page } from '@playwright/test';

/** 方案: the plan's editor, its toolbar, who is here, and the sync badge. */
export class PlanPage {
	constructor(readonly page: Page) {}

	/** Opens /plan and waits for the editor (loaded on first use) to be on screen. */
	async goto(origin: string): Promise<void> {
		await this.page.goto(`${origin}/plan`);
		await this.waitForEditor();
	}

	async waitForEditor(): Promise<void> {
		await expect(this.page.getByTestId('plan-sheet')).toHaveAttribute('data-ready', 'true');
		await expect(this.editor).toBeVisible();
	}

	/** Waits until the service worker controls the page, so the app (the editor's chunk too) is cached. */
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

	get editor(): Locator {
		return this.page.getByTestId('plan-editor');
	}

	/** A paragraph of the text holding `text`. */
	paragraph(text: string): Locator {
		return this.editor.locator('p', { hasText: text });
	}

	/**
	 * The editor's own text (TipTap's getText), blocks separated by blank lines: innerText would
	 * include the names on other people's carets.
	 */
	async text(): Promise<string> {
		return this.editor.evaluate((element) => {
			const editor = (element as HTMLElement & { editor?: { getText(): string } }).editor;
			if (!editor) throw new Error('no TipTap editor on the element');
			return editor.getText();
		});
	}

	/** Puts the caret at the end of the paragraph holding `text`. */
	async caretAtEndOf(text: string): Promise<void> {
		await this.paragraph(text).click();
		await this.page.keyboard.press('End');
	}

	async tool(name: 'h1' | 'h2' | 'h3' | 'paragraph' | 'bullet' | 'ordered' | 'bold'): Promise<void> {
		await this.page.getByTestId(`plan-tool-${name}`).click();
	}

	/** The named caret another member's editor shows here. */
	caretOf(name: string): Locator {
		return this.editor.locator('.collaboration-carets__label', { hasText: name });
	}

	/**
	 * Waits until the editor holds `text` and what it wrote is committed to this device's
	 * IndexedDB: a read-only transaction on the plan's store starts only after every write queued
	 * before it has committed. (A reload a few milliseconds after a keystroke may abort a write
	 * still in flight, as closing a tab would; UnloadRescue then brings it back from localStorage,
	 * which unload-rescue.spec.ts tests. This waits for IndexedDB itself.)
	 */
	async savedOnDevice(text: string): Promise<void> {
		await expect.poll(() => this.text()).toContain(text);
		await this.page.evaluate(async () => {
			const name = (await indexedDB.databases())
				.map((database) => database.name ?? '')
				.find((database) => database.startsWith('xiaoan/') && database.endsWith('/plan'));
			if (name === undefined) throw new Error('no IndexedDB store for the plan');
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(name);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error ?? new Error('open failed'));
			});
			await new Promise<void>((resolve, reject) => {
				const transaction = db.transaction('updates', 'readonly');
				transaction.objectStore('updates').count();
				transaction.oncomplete = () => resolve();
				transaction.onerror = () => reject(transaction.error ?? new Error('read failed'));
			});
			db.close();
		});
	}

	async expectSynced(): Promise<void> {
		await expect(this.page.getByTestId('sync-state')).toHaveText('已同步');
		await expect(this.page.getByTestId('sync-pending')).toHaveCount(0);
	}

	async expectOffline(): Promise<void> {
		await expect(this.page.getByTestId('sync-state')).toHaveText('离线');
	}
}
