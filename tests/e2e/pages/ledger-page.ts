import { expect, type Locator, type Page } from '@playwright/test';
import type { PhotoFile } from './photos.ts';

export interface QuickReportInput {
	place: string;
	description: string;
	level?: '一般' | '重大';
	/** The domain's title as the select shows it. */
	domain?: string;
	photos?: PhotoFile[];
}

/** 台账: the table, its filters and counts, the inbox switch, and 随手报. */
export class LedgerPage {
	constructor(readonly page: Page) {}

	async goto(origin: string, search = ''): Promise<void> {
		await this.page.goto(`${origin}/ledger${search}`);
		await expect(this.page.getByRole('heading', { level: 1, name: '隐患台账' })).toBeVisible();
	}

	rows(): Locator {
		return this.page.getByTestId('hazard-row');
	}

	row(number: string): Locator {
		return this.page.locator(`[data-testid=hazard-row][data-number="${number}"]`);
	}

	/** The numbers of the rows rendered (the table is virtualised: those on and near the screen). */
	async numbers(): Promise<string[]> {
		return this.rows().evaluateAll((rows) => rows.map((row) => row.getAttribute('data-number') ?? ''));
	}

	/** How many rows the table holds (not only those rendered). */
	async expectShown(n: number): Promise<void> {
		await expect(this.page.getByTestId('count-shown')).toHaveAttribute('data-n', String(n));
	}

	get sheet(): Locator {
		return this.page.getByTestId('quick-report');
	}

	async openQuickReport(): Promise<void> {
		await this.page.getByTestId('quick-report-open').click();
		await expect(this.sheet).toBeVisible();
		await expect(this.sheet.getByLabel('地点')).toBeFocused();
	}

	/** Fills the sheet (open) without submitting. */
	async fillQuickReport(input: QuickReportInput): Promise<void> {
		await this.sheet.getByLabel('地点').fill(input.place);
		await this.sheet.getByLabel('发现了什么').fill(input.description);
		if (input.level) await this.sheet.getByRole('radio', { name: input.level }).check();
		if (input.domain) await this.sheet.getByLabel('安全领域（可不选）').selectOption({ label: input.domain });
		if (input.photos?.length) {
			const thumbs = this.sheet.getByTestId('photo-thumb');
			const before = await thumbs.count();
			await this.sheet.getByTestId('photo-camera-input').setInputFiles(input.photos);
			await expect(thumbs).toHaveCount(before + input.photos.length);
		}
	}

	/** Registers through 随手报 and returns the new number from the notice. */
	async quickReport(input: QuickReportInput): Promise<string> {
		await this.openQuickReport();
		await this.fillQuickReport(input);
		await this.sheet.getByTestId('report-submit').click();
		await expect(this.sheet).toBeHidden();
		const done = this.page.getByTestId('report-done');
		await expect(done).toContainText(/已登记隐患 \d{4}-\d{2}-[A-Z]+-\d{3}/);
		return /\d{4}-\d{2}-[A-Z]+-\d{3}/.exec((await done.textContent()) ?? '')?.[0] ?? '';
	}

	/** Opens 筛选 on a phone (on a desktop the filters are always shown). */
	async showFilters(): Promise<void> {
		const toggle = this.page.getByTestId('filter-toggle');
		if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true')
			await toggle.click();
	}

	async search(text: string): Promise<void> {
		await this.page.getByTestId('ledger-search').fill(text);
		await expect(this.page).toHaveURL((url) => (url.searchParams.get('q') ?? '') === text.trim());
	}

	async filterLevel(level: '' | '一般' | '重大'): Promise<void> {
		await this.showFilters();
		await this.page.getByTestId('filter-level').selectOption({ label: level === '' ? '全部' : level });
	}

	async toggleOverdue(): Promise<void> {
		await this.showFilters();
		await this.page.getByTestId('filter-overdue').click();
	}

	async clearFilters(): Promise<void> {
		await this.page.getByTestId('filter-clear').click();
	}

	async view(which: 'todo' | 'all'): Promise<void> {
		await this.page.getByTestId(`view-${which}`).click();
		await expect(this.page.getByTestId(`view-${which}`)).toHaveAttribute('aria-pressed', 'true');
	}
}

/**
 * Gives this browser's device a hazard number space, as the server does at sign-in. Until the
 * session carries the code from the server, the test writes it into the stored session and reloads.
 */
/** The requests that could bring a device's code: the session and its refresh. */
const SESSION_REQUESTS = /\/api\/session(\/refresh)?$/;

/**
 * Makes this page's session one saved before devices had codes, and keeps it so (the session
 * request that would fetch the code fails, as it would offline).
 */
export async function forgetDeviceCode(page: Page): Promise<void> {
	// On the context: the service worker's own fetches pass it, not the page's routes.
	await page.context().route(SESSION_REQUESTS, (route) => route.abort('internetdisconnected'));
	await page.evaluate(() => {
		const session = JSON.parse(localStorage.getItem('xiaoan:session') ?? '{}') as Record<string, unknown>;
		delete session.device;
		localStorage.setItem('xiaoan:session', JSON.stringify(session));
	});
	await page.reload();
}

/** Lets the session request through again: the app fetches the device's code when it loads. */
export async function fetchDeviceCode(page: Page): Promise<void> {
	await page.context().unroute(SESSION_REQUESTS);
	await page.reload();
	await expect
		.poll(() =>
			page.evaluate(
				() => (JSON.parse(localStorage.getItem('xiaoan:session') ?? '{}') as { device?: unknown }).device
			)
		)
		.toBeTruthy();
}

/**
 * Makes the ledger's IndexedDB copy slow to read on this page's next loads, as a large ledger on a
 * slow phone is: before the app runs, a script opens the ledger's database and keeps a readwrite
 * transaction on it alive, so the app's read waits behind it until `releaseLedgerReads`. Call it
 * on a page of the app's origin: the switch is in that tab's sessionStorage.
 */
export async function holdLedgerReads(page: Page, workspace: string): Promise<void> {
	await page.addInitScript((name) => {
		try {
			if (sessionStorage.getItem('xiaoan-test:hold-ledger') !== '1') return;
		} catch {
			return; // about:blank has no storage
		}
		const held = { released: false };
		Object.assign(window, { xiaoanReleaseLedger: () => (held.released = true) });
		const request = indexedDB.open(name);
		request.onsuccess = () => {
			const db = request.result;
			if (!db.objectStoreNames.contains('updates')) return db.close();
			const store = db.transaction('updates', 'readwrite').objectStore('updates');
			// A transaction stays open while it has requests: ask again until released.
			const again = () => {
				if (held.released) return;
				store.count().onsuccess = again;
			};
			again();
			store.transaction.oncomplete = () => db.close();
		};
	}, `xiaoan/${workspace}/ledger`);
	await page.evaluate(() => sessionStorage.setItem('xiaoan-test:hold-ledger', '1'));
}

/** Lets the app read the ledger held back by `holdLedgerReads`, and stops holding later loads. */
export async function releaseLedgerReads(page: Page): Promise<void> {
	await page.evaluate(() => {
		sessionStorage.removeItem('xiaoan-test:hold-ledger');
		(window as unknown as { xiaoanReleaseLedger: () => void }).xiaoanReleaseLedger();
	});
}
