import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import playwrightConfig from '../e2e/playwright.config.ts';
import type { Breakdown, BuiltLedger, ColdOpen } from './chromium/ledger-page.ts';

/**
 * The hazard ledger in Chromium (Debian's, as the e2e tests use it): a page bundled from
 * chromium/ledger-page.ts builds a ledger through the model and stores it in IndexedDB with
 * y-indexeddb; then, each time on a freshly loaded page (a cold JS heap, the ledger only in
 * IndexedDB), opens it to the first rows, filters it and registers one more. Model and IndexedDB
 * as the app uses them, no Svelte screen (the screens are built alongside).
 */
export interface ChromiumLedgerResult {
	built: BuiltLedger;
	/** Cold opens, each on a reloaded page. */
	opens: ColdOpen[];
	/** The median cold open (by time to the first rows). */
	open: ColdOpen;
	breakdown: Breakdown;
}

const ORIGIN = 'http://xiaoan-bench.localhost';
const PAGE =
	'<!doctype html><meta charset="utf-8"><title>ledger bench</title><script src="/bench.js"></script>';

async function bundle(): Promise<string> {
	const result = await build({
		entryPoints: [fileURLToPath(new URL('chromium/ledger-page.ts', import.meta.url))],
		bundle: true,
		format: 'iife',
		platform: 'browser',
		target: 'es2022',
		minify: true,
		write: false,
		logLevel: 'warning'
	});
	return result.outputFiles[0]!.text;
}

export async function ledgerChromium(entries: number, samples = 3): Promise<ChromiumLedgerResult> {
	const script = await bundle();
	const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
	try {
		const page = await browser.newPage();
		// A page of its own origin (IndexedDB needs one), served from memory.
		await page.route(`${ORIGIN}/**`, (route) =>
			route.fulfill(
				new URL(route.request().url()).pathname === '/bench.js'
					? { contentType: 'text/javascript', body: script }
					: { contentType: 'text/html', body: PAGE }
			)
		);
		page.setDefaultTimeout(300_000);
		await page.goto(`${ORIGIN}/`);
		// Functions given to `evaluate` run in the page: they reach the bench through its global.
		const built = await page.evaluate(
			(n) => (globalThis as unknown as PageGlobal).ledgerBench.build(n),
			entries
		);
		const opens: ColdOpen[] = [];
		for (let i = 0; i < samples; i++) {
			await page.reload();
			opens.push(await page.evaluate(() => (globalThis as unknown as PageGlobal).ledgerBench.open()));
		}
		await page.reload();
		const breakdown = await page.evaluate(() =>
			(globalThis as unknown as PageGlobal).ledgerBench.breakdown()
		);
		const sorted = [...opens].sort((a, b) => a.firstRowsMs - b.firstRowsMs);
		return { built, opens, open: sorted[Math.floor(sorted.length / 2)]!, breakdown };
	} finally {
		await browser.close();
	}
}

/** The page's functions (chromium/ledger-page.ts), as `page.evaluate` sees them. */
interface PageGlobal {
	ledgerBench: {
		build(entries: number): Promise<BuiltLedger>;
		open(): Promise<ColdOpen>;
		breakdown(): Promise<Breakdown>;
	};
}
