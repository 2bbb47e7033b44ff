/**
 * The ledger bench's page, bundled by ledger-chromium.ts and run in Chromium: the model and
 * y-indexeddb exactly as the app uses them, without the screens (being built alongside). Each
 * function runs on a freshly loaded page, so `open` and `breakdown` are cold: a new JS heap, the
 * ledger only in IndexedDB.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { filterHazards, sortHazards } from '../../../src/lib/model/hazard-query.ts';
import { readHazard, type HazardView } from '../../../src/lib/model/hazard-record.ts';
import { registerHazard } from '../../../src/lib/model/ledger.ts';
import { LedgerIndex } from '../../../src/lib/model/ledger-index.ts';
import { chinaDate } from '../../../src/lib/model/time.ts';
import { DocHandle } from '../../../src/lib/sync/doc-handle.ts';
import { makeFirstRows } from '../../../src/lib/model/ledger-first-rows.ts';
import { FirstRowsKeeper, loadFirstRows } from '../../../src/lib/state/ledger-first-rows.ts';
import { BENCH_FILTER, BENCH_INSPECTOR, BENCH_NOW, BENCH_OWNERS, buildLedger } from '../ledger.ts';

const WORKSPACE = 'bench';
const ROOM = `${WORKSPACE}/ledger`;
/** The database DocHandle keeps the room in. */
const NAME = `xiaoan/${ROOM}`;
const FIRST_ROWS = 50;
/** Who the first rows are kept for: a leader (no inbox), whose 台账 opens on the whole ledger. */
const READER = { id: 'bench-leader', role: 'leader' } as const;

export interface BuiltLedger {
	entries: number;
	buildMs: number;
	moves: number;
	rows: number;
	bytes: number;
}

export interface ColdOpen {
	/**
	 * The first rows this device kept apart (ledger-first-rows.ts), read from localStorage and
	 * painted as 50 plain table rows, before the document is opened.
	 */
	cachedPaintedMs: number;
	/** The app's DocHandle (never connected) until its IndexedDB copy is in the document. */
	loadMs: number;
	/** `new LedgerIndex(doc)` and its sorted views, the first 50 taken. */
	indexMs: number;
	/** From the start to the first 50 views: what a screen needs for its first rows. */
	firstRowsMs: number;
	/** Then 50 plain table rows in the DOM, laid out and painted (two animation frames). */
	paintedMs: number;
	/** One filter and sort of the 10,000 views; median of 9. */
	filterMs: number;
	filterMatches: number;
	/** One more hazard registered (stored to IndexedDB by y-indexeddb), views taken; median of 21. */
	registerMs: number;
	entries: number;
}

export interface Breakdown {
	/** Raw IndexedDB: open the database and read every stored row. */
	readMs: number;
	/** `Y.applyUpdate` of those rows into a new document. */
	applyMs: number;
	/** Reading every record into a view (the index's first flush)… */
	indexMs: number;
	/** …of which the 10,000 `readHazard` calls, timed apart on a second document. */
	readViewsMs: number;
	/** The same apply on new documents, the code now compiled (JIT warm); best of three… */
	applyWarmMs: number;
	/**
	 * …and, interleaved with those, with an `update` listener, as every document of the app has:
	 * Yjs then encodes the loaded update again (what DocHandle's quiet first load avoids).
	 */
	applyListenedMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

async function rawRows(): Promise<Uint8Array[]> {
	const db = await new Promise<IDBDatabase>((resolve, reject) => {
		const request = indexedDB.open(NAME);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
	});
	try {
		return await new Promise<Uint8Array[]>((resolve, reject) => {
			const request = db.transaction('updates').objectStore('updates').getAll();
			request.onsuccess = () => resolve(request.result as Uint8Array[]);
			request.onerror = () => reject(request.error ?? new Error('getAll failed'));
		});
	} finally {
		db.close();
	}
}

/** Builds the ledger through the model and stores it the way a device holds it: one merged row. */
async function build(entries: number): Promise<BuiltLedger> {
	await new Promise((resolve) => {
		const request = indexedDB.deleteDatabase(NAME);
		request.onsuccess = request.onerror = resolve;
	});
	const doc = new Y.Doc();
	const built = buildLedger(doc, entries);
	const persistence = new IndexeddbPersistence(NAME, doc);
	await persistence.whenSynced;
	await persistence.destroy();
	// What the ledger screen keeps on the device while it is open (state/ledger-first-rows.ts).
	const index = new LedgerIndex(doc);
	const context = { now: BENCH_NOW, owners: BENCH_OWNERS };
	const keeper = new FirstRowsKeeper({
		workspace: WORKSPACE,
		member: READER.id,
		make: () =>
			makeFirstRows({
				member: READER.id,
				role: READER.role,
				now: BENCH_NOW,
				views: index.views,
				inbox: null,
				summary: index.summary(context),
				inboxCounts: { total: 0, overdue: 0, byReason: { rectify: 0, reinspect: 0, close: 0, report: 0 } }
			})
	});
	keeper.changed();
	keeper.flush();
	index.destroy();
	const rows = await rawRows();
	return {
		entries,
		buildMs: built.buildMs + built.movesMs,
		moves: built.moves,
		rows: rows.length,
		bytes: rows.reduce((sum, row) => sum + row.byteLength, 0)
	};
}

function renderRows(views: readonly HazardView[]): void {
	const table = document.createElement('table');
	for (const view of views) {
		const row = table.insertRow();
		for (const text of [view.number, chinaDate(view.foundAt), view.place, view.description, view.state])
			row.insertCell().textContent = text;
	}
	document.body.replaceChildren(table);
}

/** The document as the app opens it: the hub's DocHandle, here never connected. */
function openHandle(): DocHandle {
	return new DocHandle('ledger', {
		serverUrl: 'ws://127.0.0.1:9/sync',
		room: ROOM,
		params: {},
		persistence: true,
		initialPending: 0,
		onPendingChange: () => undefined,
		connect: false
	});
}

async function open(): Promise<ColdOpen> {
	const cachedStart = performance.now();
	const cached = loadFirstRows(WORKSPACE, READER);
	if (cached === null) throw new Error('bench: no first rows kept');
	renderRows(cached.all.views);
	await frame();
	await frame();
	const cachedPaintedMs = performance.now() - cachedStart;

	const started = performance.now();
	const handle = openHandle();
	const doc = handle.doc;
	await handle.loaded;
	const loaded = performance.now();
	const index = new LedgerIndex(doc);
	const first = index.views.slice(0, FIRST_ROWS);
	const firstRows = performance.now();
	renderRows(first);
	await frame();
	await frame();
	const painted = performance.now();

	const context = { now: BENCH_NOW, owners: BENCH_OWNERS };
	let filterMatches = 0;
	const filterSamples = Array.from({ length: 9 }, () => {
		const t = performance.now();
		filterMatches = sortHazards(filterHazards(index.views, BENCH_FILTER, context), 'deadline').length;
		return performance.now() - t;
	});
	const before = index.views.length;
	const registerSamples = Array.from({ length: 21 }, (_, i) => {
		const t = performance.now();
		registerHazard(
			doc,
			{ place: '操场', description: '围栏松动', domain: 'school-buildings' },
			BENCH_INSPECTOR,
			'ZZ',
			BENCH_NOW + i
		);
		if (index.views.length !== before + i + 1) throw new Error('bench: the index missed a registration');
		return performance.now() - t;
	});
	const entries = index.views.length;
	index.destroy();
	await handle.destroy();
	await rawRows(); // ordered after y-indexeddb's writes: they are committed before the next reload
	return {
		cachedPaintedMs,
		loadMs: loaded - started,
		indexMs: firstRows - loaded,
		firstRowsMs: firstRows - started,
		paintedMs: painted - started,
		filterMs: median(filterSamples),
		filterMatches,
		registerMs: median(registerSamples),
		entries
	};
}

async function breakdown(): Promise<Breakdown> {
	const started = performance.now();
	const rows = await rawRows();
	const read = performance.now();
	const doc = new Y.Doc();
	Y.transact(doc, () => rows.forEach((row) => Y.applyUpdate(doc, row)));
	const applied = performance.now();
	new LedgerIndex(doc).views.slice(0, FIRST_ROWS);
	const indexed = performance.now();
	// The same reads again on a second document, without the index's sort, to split the index.
	const again = new Y.Doc();
	Y.transact(again, () => rows.forEach((row) => Y.applyUpdate(again, row)));
	const t = performance.now();
	again.getMap('hazards').forEach((rec, id) => readHazard(id, rec as Y.Map<unknown>));
	const readViewsMs = performance.now() - t;
	const applyInto = (doc: Y.Doc) => {
		const t = performance.now();
		Y.transact(doc, () => rows.forEach((row) => Y.applyUpdate(doc, row)));
		return performance.now() - t;
	};
	// Interleaved, the code compiled by now, so both see the same machine: the best of three each.
	const plain: number[] = [];
	const listened: number[] = [];
	for (let i = 0; i < 3; i++) {
		plain.push(applyInto(new Y.Doc()));
		const doc = new Y.Doc();
		doc.on('update', () => undefined);
		listened.push(applyInto(doc));
	}
	return {
		readMs: read - started,
		applyMs: applied - read,
		indexMs: indexed - applied,
		readViewsMs,
		applyWarmMs: Math.min(...plain),
		applyListenedMs: Math.min(...listened)
	};
}

Object.assign(globalThis, { ledgerBench: { build, open, breakdown } });
