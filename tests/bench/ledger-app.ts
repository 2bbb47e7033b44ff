import { chromium, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import playwrightConfig from '../e2e/playwright.config.ts';
import { roomName } from '../../src/lib/model/documents.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { ServerProcess, WORKSPACE } from '../e2e/support/server.ts';
import { buildLedger } from './ledger.ts';

/**
 * The hazard ledger's cold open in the real app: the built app (`vite build`, skipped with
 * XIAOAN_SKIP_BUILD=1) served by our sync server, the bench's 10,000-entry ledger stored there,
 * a leader's browser (台账 opens on the whole ledger) that has read it once into IndexedDB. The
 * browser has a profile on disk, as a phone's or a desk's has: an incognito context keeps no
 * compiled code between tabs, which no installed app lives with. Then, each time the app opened in
 * a new tab of that browser, as a phone or a desk opens it in the morning (the app shell from the
 * service worker, the ledger only in IndexedDB, the screen and the rows it kept), from the
 * navigation's start:
 *
 * - to the first rows of 台账 painted (Element Timing of the rows' numbers), and where they came
 *   from: the kept screen (in the page the service worker serves, before the app has started),
 *   the kept rows or the loaded document;
 * - to the app's own first rows painted (the kept rows, once the app has started);
 * - to the live ledger on screen (the table's `data-source` turns `live`): the document read from
 *   IndexedDB, applied and indexed.
 *
 * The same after a reload of 台账 is reported too: a reload's navigation starts before the old
 * page, with its 10,000 live entries, has been put away, so it measures more than the open.
 *
 * Then one filter applied on the live screen, from the select's change to the new rows painted.
 *
 * BENCH_TRACE=file writes Chromium's trace of the last cold open there (chrome://tracing, Perfetto).
 */
export interface AppColdOpen {
	/** The navigation's response received: the shell, from the service worker. */
	shellMs: number;
	/** The first paint of anything (the app's shell and navigation). */
	fcpMs: number;
	/** The app booted and the ledger screen's state made (`LedgerState`, its performance mark). */
	ledgerStartMs: number;
	/** The first row of the table in the DOM… */
	firstRowDomMs: number;
	/** The first row painted (Element Timing), the kept screen's or the app's. */
	firstRowPaintMs: number;
	source: 'screen' | 'stored' | 'live';
	/** The app's own first row painted (not the kept screen's). */
	appRowPaintMs: number;
	/** The live ledger on screen, replacing the kept rows. */
	liveMs: number;
}

export interface AppLedgerResult {
	entries: number;
	bytes: number;
	/** Opened in a new tab. */
	opens: AppColdOpen[];
	/** The median by first rows painted. */
	open: AppColdOpen;
	/** Reloaded (the old page's teardown included). */
	reloads: AppColdOpen[];
	reload: AppColdOpen;
	/** The screen's own part: from its state being made to its own first rows painted; median. */
	screenMs: number;
	/** From the level filter's change to its rows painted, on the live screen; median of 3. */
	filterMs: number;
	filterRows: number;
}

const run = promisify(execFile);
const DESKTOP = { width: 1366, height: 860 };

/** Marks what the bench reads, from the navigation's start (performance.now()). */
function instrument(): void {
	const marks: Record<string, number | string> = {};
	Object.assign(window, { ledgerMarks: marks });
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries() as (PerformanceEntry & {
			renderTime: number;
			identifier: string;
			element: Element | null;
		})[]) {
			if (entry.identifier !== 'ledger-row') continue;
			marks.firstRowPaint ??= entry.renderTime;
			if (entry.element?.isConnected && entry.element.closest('#kept-screen') === null)
				marks.appRowPaint ??= entry.renderTime;
		}
	}).observe({ type: 'element', buffered: true });
	const check = () => {
		if (marks.screenDom === undefined && document.querySelector('#kept-screen [data-kept-testid=hazard-row]'))
			marks.screenDom = performance.now();
		const table = document.querySelector('[data-testid=ledger-table]');
		if (marks.firstRowDom === undefined && table?.querySelector('[data-testid=hazard-row]')) {
			marks.firstRowDom = performance.now();
			marks.source = table.getAttribute('data-source') ?? '';
		}
		if (marks.live === undefined && table?.getAttribute('data-source') === 'live')
			marks.live = performance.now();
	};
	new MutationObserver(check).observe(document, {
		subtree: true,
		childList: true,
		attributes: true,
		attributeFilter: ['data-source']
	});
}

/** A pause for the browser to finish the previous sample's teardown (a closed tab's process). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2_000));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function ledgerApp(
	entries: number,
	samples = 5,
	progress = (_: string) => {}
): Promise<AppLedgerResult> {
	if (process.env.XIAOAN_SKIP_BUILD !== '1') {
		progress('ledger in the app: vite build');
		await run('npx', ['vite', 'build'], { maxBuffer: 64 * 1024 * 1024 });
	}
	const server = await new ServerProcess().start();
	const profile = mkdtempSync(path.join(tmpdir(), 'xiaoan-bench-profile-'));
	const context = await chromium.launchPersistentContext(profile, {
		...playwrightConfig.use?.launchOptions,
		viewport: DESKTOP,
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai'
	});
	try {
		progress(`ledger in the app: storing ${entries} entries on the server`);
		const scratch = new Y.Doc();
		buildLedger(scratch, entries);
		const update = Y.encodeStateAsUpdate(scratch);
		// A year of a school's ledger, written by its many members: stored as the server would have
		// kept it, with the server stopped (one sender's socket could not pass the rules inside the
		// ledger in everyone's name).
		await server.stop();
		const storage = new SqliteStorage(server.dataDir);
		storage.append(roomName(WORKSPACE, 'ledger'), update, { memberId: 'bench', at: Date.now() });
		storage.close();
		await server.start();

		// tsx compiles this file keeping function names (`__name(fn, "name")`): give the page that helper
		// for the functions it is handed.
		await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
		// The browser keeps a window of its own (its first, blank tab) while tabs of the app open and
		// close, as a browser in use does: with none left, each new tab would open a new window.
		const page = await context.newPage();
		page.setDefaultTimeout(300_000);
		await page.goto(`${server.url}/signin#token=${server.leaderToken}`);
		await page.waitForURL(`${server.url}/`);
		progress('ledger in the app: the first open (from the server into IndexedDB)');
		await page.goto(`${server.url}/ledger`);
		const live = page.locator('[data-testid=ledger-table][data-source=live]');
		const shown = page.getByTestId('count-shown');
		await shown.and(page.locator(`[data-n="${entries}"]`)).waitFor();
		await live.waitFor();
		// The screen keeps its first rows two seconds after the ledger last changed, and its opening
		// screen (kept-screen.ts) a moment after its rows last changed.
		await page.waitForFunction(async () => {
			const rows = Object.keys(localStorage).some((key) => key.startsWith('xiaoan:ledger-first-rows:'));
			return rows && (await caches.match('/ledger', { cacheName: 'xiaoan-kept' })) !== undefined;
		});
		await context.addInitScript(instrument);

		/** Waits for the live ledger on `tab`, just opened, and reads its marks. */
		const measured = async (tab: Page): Promise<AppColdOpen> => {
			await tab.locator('[data-testid=ledger-table][data-source=live]').waitFor();
			await tab
				.getByTestId('count-shown')
				.and(tab.locator(`[data-n="${entries}"]`))
				.waitFor();
			const marks = await tab.evaluate(() => {
				const m = (window as unknown as { ledgerMarks: Record<string, number | string> }).ledgerMarks;
				const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
				const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
				const opened = performance.getEntriesByName('xiaoan:ledger-open')[0]?.startTime ?? NaN;
				const marks: Record<string, number | string> = { ...m, shell: nav.responseEnd, fcp, opened };
				return marks;
			});
			// Element Timing loses the kept rows' entry when the app removes them before their frame
			// was presented. That frame is then the first contentful paint: the kept screen was in the
			// page (with its rows, in view) and nothing of the app's yet.
			const fcp = Number(marks.fcp);
			const keptFrame =
				marks.screenDom !== undefined && Number(marks.screenDom) <= fcp && fcp < Number(marks.firstRowDom)
					? fcp
					: Infinity;
			return {
				shellMs: Number(marks.shell),
				fcpMs: fcp,
				ledgerStartMs: Number(marks.opened),
				firstRowDomMs: Number(marks.firstRowDom),
				firstRowPaintMs: Math.min(Number(marks.firstRowPaint ?? marks.firstRowDom), keptFrame),
				source: marks.screenDom !== undefined ? 'screen' : marks.source === 'stored' ? 'stored' : 'live',
				appRowPaintMs: Number(marks.appRowPaint ?? marks.firstRowDom),
				liveMs: Number(marks.live)
			};
		};

		const reloads: AppColdOpen[] = [];
		for (let i = 0; i < samples; i++) {
			progress(`ledger in the app: reload ${i + 1} of ${samples}`);
			await page.reload();
			reloads.push(await measured(page));
		}
		const opens: AppColdOpen[] = [];
		// A reload leaves the kept screen as the reloaded page kept it; a new tab opens on it too.
		let tab = page;
		for (let i = 0; i < samples; i++) {
			progress(`ledger in the app: cold open in a new tab ${i + 1} of ${samples}`);
			await tab.close();
			// Each open starts on a settled device, as a tap on the app's icon does: the closed tab's
			// renderer gone and the browser idle, not still tearing the last sample down.
			await settle();
			tab = await context.newPage();
			tab.setDefaultTimeout(300_000);
			const trace = process.env.BENCH_TRACE && i === samples - 1 ? await startTrace(tab) : undefined;
			await tab.goto(`${server.url}/ledger`);
			opens.push(await measured(tab));
			if (trace) writeFileSync(process.env.BENCH_TRACE!, JSON.stringify(await trace()));
		}

		const filters: number[] = [];
		let filterRows = 0;
		for (let i = 0; i < 5; i++) {
			const level = i % 2 === 0 ? 'major' : '';
			const result = await tab.evaluate(async (value) => {
				const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
				const select = document.querySelector<HTMLSelectElement>('[data-testid=filter-level]')!;
				const count = () => document.querySelector('[data-testid=count-shown]')?.getAttribute('data-n');
				const before = count();
				const started = performance.now();
				const changed = new Promise<void>((resolve) => {
					const observer = new MutationObserver(() => {
						if (count() === before) return;
						observer.disconnect();
						resolve();
					});
					observer.observe(document.body, { subtree: true, childList: true, attributes: true });
				});
				select.value = value;
				select.dispatchEvent(new Event('change', { bubbles: true }));
				await changed;
				await frame();
				await frame();
				return { ms: performance.now() - started, rows: Number(count()) };
			}, level);
			if (level === 'major') {
				filters.push(result.ms);
				filterRows = result.rows;
			}
		}
		const byPaint = (list: AppColdOpen[]) =>
			[...list].sort((a, b) => a.firstRowPaintMs - b.firstRowPaintMs)[Math.floor(list.length / 2)]!;
		const own = opens.map((o) => o.appRowPaintMs - o.ledgerStartMs);
		return {
			entries,
			bytes: update.byteLength,
			opens,
			open: byPaint(opens),
			reloads,
			reload: byPaint(reloads),
			screenMs: median(own),
			filterMs: median(filters),
			filterRows
		};
	} finally {
		await context.close();
		rmSync(profile, { recursive: true, force: true });
		await server.dispose();
	}
}

/** Chromium's trace of `tab` from now until the returned function is called (BENCH_TRACE=file). */
async function startTrace(tab: Page): Promise<() => Promise<{ traceEvents: unknown[] }>> {
	const cdp = await tab.context().newCDPSession(tab);
	const events: unknown[] = [];
	cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
	await cdp.send('Tracing.start', {
		traceConfig: {
			includedCategories: [
				'devtools.timeline',
				'disabled-by-default-devtools.timeline',
				'disabled-by-default-devtools.timeline.frame',
				'blink',
				'blink.user_timing',
				'loading',
				'v8',
				'toplevel',
				'cc',
				'viz',
				'fonts'
			]
		}
	});
	return async () => {
		const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
		await cdp.send('Tracing.end');
		await done;
		return { traceEvents: events };
	};
}
