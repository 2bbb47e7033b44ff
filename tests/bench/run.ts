/**
 * `npm run bench`: figures for our sync server next to the reference y-websocket server
 * (`@y/websocket-server`, in memory). Each server runs as its own child process, one at a time;
 * the clients all run here. Informational only: nothing here passes or fails on a timing.
 * BENCH_QUICK=1 divides every count by 10 for a smoke run. BENCH_ONLY=indexeddb,
 * BENCH_ONLY=workspace, BENCH_ONLY=ledger or BENCH_ONLY=photos runs only that device-side scenario (IndexedDB growth;
 * the whole workspace on a device: sockets held open, time to fetch it all, following one change;
 * the hazard ledger at 10,000 entries: its model in Node, then the model and IndexedDB in Chromium
 * (BENCH_ONLY=chromium runs the Chromium part alone), then its cold open in the real app's 台账
 * (BENCH_ONLY=app alone; it builds the app first unless XIAOAN_SKIP_BUILD=1); phone photos in
 * Chromium: size, add, upload; BENCH_ONLY=history: the cost of keeping the ledger's history, and
 * the ledger rebuilt as of a date).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	buildDocument,
	coldLoad,
	durableAck,
	fanOut,
	throughput,
	type AckResult,
	type FanOutResult,
	type ThroughputResult
} from './scenarios.ts';
import { indexeddbGrowth, type IdbResult } from './indexeddb.ts';
import { workspaceSync, type WorkspaceResult } from './workspace.ts';
import { ledgerBench, type LedgerResult } from './ledger.ts';
import { photoBench, type PhotoResult } from './photos.ts';
import { ledgerChromium, type ChromiumLedgerResult } from './ledger-chromium.ts';
import { ledgerApp, type AppLedgerResult } from './ledger-app.ts';
import { historyBench, type HistoryResult } from './history.ts';
import { killAll, startServer, type ServerKind, type ServerProcess } from './servers.ts';
import { indexRound } from '../server/round-helpers.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const scale = (count: number) => (QUICK ? Math.max(1, Math.round(count / 10)) : count);
const CONFIG = {
	quick: QUICK,
	fanOut: { readers: 20, updates: scale(500), ratePerSecond: 100 },
	throughput: { rooms: 10, updates: scale(2_000) },
	coldLoad: { updates: scale(20_000), samples: 3 },
	durableAck: { changes: scale(200) },
	indexeddb: { edits: scale(10_000) },
	workspace: { rounds: QUICK ? 10 : 50 },
	ledger: { entries: scale(10_000) },
	photos: { count: QUICK ? 2 : 5 },
	/** Cold opens of the ledger in Chromium, each on a reloaded page. */
	chromiumOpens: 5
};
/** `indexeddb`, `workspace`, `ledger`, `chromium`, `app` or `photos`: only that device-side scenario, no server comparison. */
const ONLY = process.env.BENCH_ONLY ?? '';
const OUTPUT = fileURLToPath(new URL('.output/latest.json', import.meta.url));
// Valid room names for our server (`<workspace>/inspection/<id>`); the reference takes any path.
const ROOM = (id: string) => `bench/inspection/${id}`;

interface ColdLoadResult {
	updates: number;
	buildMs: number;
	samplesMs: number[];
	medianMs: number;
	/** Server RSS right after start, before the document is built or loaded. */
	idleRssMiB: number | null;
	rssMiB: number | null;
}

interface ServerResults {
	fanOut: FanOutResult;
	throughput: ThroughputResult;
	coldLoad: ColdLoadResult;
	durableAck?: AckResult;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function progress(message: string): void {
	process.stderr.write(`  … ${message}\n`);
}

async function withServer<T>(
	kind: ServerKind,
	env: Record<string, string>,
	body: (server: ServerProcess) => Promise<T>
): Promise<T> {
	const server = await startServer(kind, env);
	try {
		return await body(server);
	} finally {
		await server.stop();
	}
}

async function bench(kind: ServerKind): Promise<ServerResults> {
	const dataDir = mkdtempSync(join(tmpdir(), 'xiaoan-bench-'));
	const env: Record<string, string> = kind === 'ours' ? { DATA_DIR: dataDir } : {};
	// Our server takes writes to a round only once the workspace index lists it.
	if (kind === 'ours') {
		const rounds = [
			'fanout',
			'ack',
			'cold',
			...Array.from({ length: CONFIG.throughput.rooms }, (_, i) => `tp${i}`)
		];
		for (const id of rounds) indexRound(dataDir, 'bench', id);
	}
	try {
		const live = await withServer(kind, env, async (server) => {
			progress(`${kind}: fan-out`);
			const fan = await fanOut(server.url, ROOM('fanout'), CONFIG.fanOut);
			progress(`${kind}: throughput`);
			const tp = await throughput(server.url, ROOM('tp'), CONFIG.throughput);
			let ack: AckResult | undefined;
			if (kind === 'ours') {
				progress(`${kind}: durable ack`);
				ack = await durableAck(server.url, ROOM('ack'), CONFIG.durableAck.changes);
			}
			return { fan, tp, ack };
		});

		// Cold load on a fresh process, so rooms of the scenarios above (the reference never
		// unloads a document without persistence) do not count towards its RSS.
		progress(`${kind}: cold load (building ${CONFIG.coldLoad.updates} updates)`);
		const room = ROOM('cold');
		const { updates, samples } = CONFIG.coldLoad;
		let server = await startServer(kind, env);
		const samplesMs: number[] = [];
		let buildMs: number;
		let rssMiB: number | null = null;
		let idleRssMiB = server.rssMiB();
		try {
			buildMs = await buildDocument(server.url, room, updates);
			for (let i = 0; i < samples; i++) {
				if (kind === 'ours') {
					// Restart so the room comes from SQLite, not from memory.
					await server.stop();
					server = await startServer(kind, env);
					idleRssMiB = server.rssMiB();
				}
				samplesMs.push(await coldLoad(server.url, room, updates));
				rssMiB = server.rssMiB();
			}
		} finally {
			await server.stop();
		}
		return {
			fanOut: live.fan,
			throughput: live.tp,
			coldLoad: { updates, buildMs, samplesMs, medianMs: median(samplesMs), idleRssMiB, rssMiB },
			...(live.ack ? { durableAck: live.ack } : {})
		};
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}

type Row = [scenario: string, ours: number | undefined, reference: number | undefined, unit: string];

function rows(ours: ServerResults, reference: ServerResults): Row[] {
	const { readers, updates } = CONFIG.fanOut;
	const fan = `fan-out 1→${readers} (${updates} upd @ ${CONFIG.fanOut.ratePerSecond}/s)`;
	const tp = CONFIG.throughput;
	return [
		[`${fan} p50`, ours.fanOut.p50, reference.fanOut.p50, 'ms'],
		[`${fan} p95`, ours.fanOut.p95, reference.fanOut.p95, 'ms'],
		[`${fan} p99`, ours.fanOut.p99, reference.fanOut.p99, 'ms'],
		[
			`throughput (${tp.rooms} rooms × ${tp.updates} upd)`,
			ours.throughput.updatesPerSecond,
			reference.throughput.updatesPerSecond,
			'updates/s'
		],
		[
			`cold load ${CONFIG.coldLoad.updates} upd → synced (median of ${CONFIG.coldLoad.samples})`,
			ours.coldLoad.medianMs,
			reference.coldLoad.medianMs,
			'ms'
		],
		[
			'server RSS idle (fresh process)',
			ours.coldLoad.idleRssMiB ?? undefined,
			reference.coldLoad.idleRssMiB ?? undefined,
			'MiB'
		],
		[
			'server RSS after cold load',
			ours.coldLoad.rssMiB ?? undefined,
			reference.coldLoad.rssMiB ?? undefined,
			'MiB'
		],
		[`durable ack (${CONFIG.durableAck.changes} changes) p50`, ours.durableAck?.p50, undefined, 'ms'],
		[`durable ack (${CONFIG.durableAck.changes} changes) p95`, ours.durableAck?.p95, undefined, 'ms']
	];
}

function format(value: number | undefined): string {
	if (value === undefined) return 'n/a';
	if (!Number.isFinite(value)) return '—';
	if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
	return value.toFixed(value >= 10 ? 1 : 2);
}

function table(data: Row[]): string {
	const header: string[] = ['scenario', 'ours', 'reference', 'unit'];
	const cells = [header, ...data.map(([s, o, r, u]) => [s, format(o), format(r), u])];
	const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
	const line = (row: string[]) =>
		row
			.map((cell, c) => (c === 1 || c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
			.join('  ')
			.trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** The device's IndexedDB store after many edits, with y-indexeddb's own trim and with ours. */
async function indexeddb(): Promise<{ trimOnly: IdbResult; compacted: IdbResult }> {
	const { edits } = CONFIG.indexeddb;
	progress(`indexeddb: ${edits} edits, y-indexeddb alone`);
	const trimOnly = await indexeddbGrowth(edits, false);
	progress(`indexeddb: ${edits} edits, with compaction`);
	const compacted = await indexeddbGrowth(edits, true);
	const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
	const line = (label: string, r: IdbResult) =>
		`${label.padEnd(28)}${kib(r.end.storedBytes).padStart(12)}${String(r.end.rows).padStart(8)}` +
		`${kib(r.end.docBytes).padStart(12)}${r.end.ratio.toFixed(2).padStart(8)}×${r.worstRatio.toFixed(2).padStart(8)}×`;
	console.log('');
	console.log(`IndexedDB on the device: ${edits} edits of one round (notes typed key by key, answers)`);
	console.log(
		`${'store'.padEnd(28)}${'stored'.padStart(12)}${'rows'.padStart(8)}${'document'.padStart(12)}${'ratio'.padStart(9)}${'worst'.padStart(9)}`
	);
	console.log(line('y-indexeddb trim only', trimOnly));
	console.log(line('with keepCompact()', compacted));
	console.log(
		`(after a 1.5 s pause: ${trimOnly.afterPause.ratio.toFixed(2)}× and ${compacted.afterPause.ratio.toFixed(2)}×; goal ≤ 2×)`
	);
	return { trimOnly, compacted };
}

/** The whole workspace on one device: sockets it holds, time to fetch everything, one follow-up. */
async function workspace(): Promise<WorkspaceResult> {
	const { rounds } = CONFIG.workspace;
	progress(`workspace: a device fetching ${rounds} rounds and 4 other documents`);
	const r = await workspaceSync(rounds);
	console.log('');
	console.log(`The whole workspace on a device (${r.rounds} rounds + meta, ledger, duty, plan, drills)`);
	console.log(
		`  WebSockets the device held open at most:  ${r.maxSockets} (meta, the one being fetched, the previous one closing)`
	);
	console.log(`  all ${r.documents} documents into IndexedDB:   ${(r.fullSyncMs / 1000).toFixed(2)} s`);
	console.log(
		`  one answer elsewhere → on the device:      ${r.followUpMs.toFixed(0)} ms, ${r.followUpVisits} document(s) visited`
	);
	return r;
}

/** Phone photos in Chromium: size after downscaling, time to add, time to upload on loopback. */
async function photos(): Promise<PhotoResult> {
	progress(`photos: ${CONFIG.photos.count} camera photos (4032 × 3024) in Chromium`);
	const r = await photoBench(CONFIG.photos.count);
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
	console.log('Phone photos (4032 × 3024 camera JPEG → the app, Chromium, server on loopback)');
	for (const s of r.samples)
		console.log(
			`  ${kb(s.inputBytes)} → ${s.width} × ${s.height}, ${kb(s.storedBytes)}; add ${s.addMs} ms, upload ${s.uploadMs} ms`
		);
	console.log(
		`  median: ${kb(r.medianStoredBytes)} stored, add ${r.medianAddMs} ms, upload ${r.medianUploadMs} ms\n`
	);
	return r;
}

/** The hazard ledger's model in Node: build, open from an encoded update, filter, register one more. */
function ledger(): LedgerResult {
	const { entries } = CONFIG.ledger;
	progress(`ledger: building ${entries} entries through the model`);
	const r = ledgerBench(entries);
	const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
	console.log('');
	console.log(`The hazard ledger's model at ${r.entries.toLocaleString('en-US')} entries (Node, no browser)`);
	console.log(
		`  build: register ${r.entries} entries:        ${ms(r.buildMs)} (then ${r.moves} moves: ${ms(r.movesMs)})`
	);
	console.log(
		`  open: update (${(r.updateBytes / 1024 / 1024).toFixed(1)} MiB) → index views:  ${ms(r.openMs)} (apply ${ms(r.applyMs)}, index ${ms(r.indexMs)})`
	);
	console.log(`  one filter + sort (${r.filterMatches} rows):       ${ms(r.filterMs)} (median of 9)`);
	console.log(`  register one more, index updated:     ${ms(r.registerMs)} (median of 21)`);
	return r;
}

/** The ledger in Chromium: cold opens from IndexedDB, a filter, one more registration. */
async function ledgerInChromium(): Promise<ChromiumLedgerResult> {
	const { entries } = CONFIG.ledger;
	progress(
		`ledger in Chromium: building ${entries} entries in the page, then ${CONFIG.chromiumOpens} cold opens`
	);
	const r = await ledgerChromium(entries, CONFIG.chromiumOpens);
	const ms = (value: number) => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
	const { open, breakdown: b } = r;
	const goal = (value: number, limit: number) =>
		value <= limit ? `goal ≤ ${limit} ms: met` : `goal ≤ ${limit} ms: NOT met`;
	console.log('');
	console.log(
		`The hazard ledger in Chromium (${r.built.entries.toLocaleString('en-US')} entries + ${r.built.moves.toLocaleString('en-US')} moves, ` +
			`${(r.built.bytes / 1024 / 1024).toFixed(1)} MiB in ${r.built.rows} IndexedDB row(s); model + IndexedDB, no Svelte screen)`
	);
	console.log(
		`  cold open to first rows (model, no DOM):  ${ms(open.firstRowsMs)} (median of ${r.opens.length}; ${goal(open.firstRowsMs, 500)})`
	);
	console.log(
		`    of which DocHandle load from IndexedDB ${ms(open.loadMs)}, LedgerIndex + sorted views ${ms(open.indexMs)}`
	);
	console.log(`  … and 50 plain DOM rows painted:        ${ms(open.paintedMs)}`);
	console.log(
		`  cold open to first rows painted from the rows kept on the device (before the document): ${ms(open.cachedPaintedMs)} ` +
			`(${goal(open.cachedPaintedMs, 500)}; all: ${r.opens.map((o) => ms(o.cachedPaintedMs)).join(', ')})`
	);
	console.log(
		`  all cold opens (first rows):            ${r.opens.map((o) => ms(o.firstRowsMs)).join(', ')}`
	);
	console.log(
		`  apply a filter + sort (${open.filterMatches} rows):       ${ms(open.filterMs)} (median of 9)`
	);
	console.log(
		`  register one more entry, index updated: ${ms(open.registerMs)} (median of 21; ${goal(open.registerMs, 5)})`
	);
	console.log(
		`  where a cold open goes (raw, another cold page): IndexedDB read ${ms(b.readMs)}, Y.applyUpdate ${ms(b.applyMs)}, ` +
			`index ${ms(b.indexMs)} (readHazard × ${r.built.entries}: ${ms(b.readViewsMs)})`
	);
	console.log(
		`  apply, warm, best of 3: ${ms(b.applyWarmMs)} alone, ${ms(b.applyListenedMs)} with an 'update' listener ` +
			`(the re-encoding DocHandle's quiet first load skips)`
	);
	return r;
}

/** The ledger's cold open in the real app: 台账 opened in a new tab, the ledger in IndexedDB (ledger-app.ts). */
async function ledgerInApp(): Promise<AppLedgerResult> {
	const { entries } = CONFIG.ledger;
	const r = await ledgerApp(entries, CONFIG.chromiumOpens, progress);
	const ms = (value: number) => `${value.toFixed(0)} ms`;
	const { open } = r;
	const goal = (value: number) => (value <= 500 ? 'goal ≤ 500 ms: met' : 'goal ≤ 500 ms: NOT met');
	console.log('');
	console.log(
		`The hazard ledger in the app (台账 in Chromium, ${r.entries.toLocaleString('en-US')} entries, ` +
			`${(r.bytes / 1024 / 1024).toFixed(1)} MiB in IndexedDB; opened in a new tab, times from the navigation's start)`
	);
	const source = {
		screen: 'the screen kept on the device, before the app has started',
		stored: 'the rows kept on the device',
		live: 'the loaded document'
	};
	console.log(
		`  cold open to the first rows painted:   ${ms(open.firstRowPaintMs)} (median of ${r.opens.length}; ` +
			`${goal(open.firstRowPaintMs)}; from ${source[open.source]})`
	);
	console.log(
		`  all: ${r.opens.map((o) => `${ms(o.firstRowPaintMs)}${o.source === open.source ? '' : ` (${o.source})`}`).join(', ')}`
	);
	console.log(
		`  of which the app shell (service worker) ${ms(open.shellMs)}, first paint of all ${ms(open.fcpMs)}; ` +
			`the app booted to the ledger screen ${ms(open.ledgerStartMs)}, its own first row in the DOM ` +
			`${ms(open.firstRowDomMs)}, painted ${ms(open.appRowPaintMs)}`
	);
	console.log(
		`  the screen's own part, from its state made to its own first rows painted: ${ms(r.screenMs)} (median; ` +
			`all: ${r.opens.map((o) => ms(o.appRowPaintMs - o.ledgerStartMs)).join(', ')})`
	);
	console.log(
		`  then the live ledger on screen (read, applied, indexed): ${ms(open.liveMs)} ` +
			`(all: ${r.opens.map((o) => ms(o.liveMs)).join(', ')})`
	);
	console.log(
		`  a reload of 台账 instead (the old page's teardown included): first rows painted ${ms(r.reload.firstRowPaintMs)} ` +
			`(median; all: ${r.reloads.map((o) => ms(o.firstRowPaintMs)).join(', ')})`
	);
	console.log(
		`  apply a filter (level 重大, ${r.filterRows} rows) to rows painted: ${ms(r.filterMs)} (median of 3)`
	);
	return r;
}

/** What keeping every update costs, and the ledger as it stood at a date (history.ts). */
async function history(): Promise<HistoryResult> {
	const { entries } = CONFIG.ledger;
	progress(`history: a year of a ${entries}-entry ledger stored update by update`);
	const r = await historyBench(entries);
	const ms = (value: number) => `${value.toFixed(0)} ms`;
	const kib = (value: number) => `${(value / 1024).toFixed(0)} KiB`;
	console.log('');
	console.log(
		`The ledger's kept history (${r.entries.toLocaleString('en-US')} entries, ${r.updates.toLocaleString('en-US')} updates, ` +
			'compacted every 500 as the server does)'
	);
	console.log(
		`  history kept: ${kib(r.historyBytes)} beside ${kib(r.liveBytes)} loaded; ` +
			`${(r.bytesPer1000Edits / 1024).toFixed(1)} KiB per 1,000 edits`
	);
	console.log(
		`  the ledger as it stood a quarter of the way through, rebuilt from SQLite: ${ms(r.asOfMs)} (median of 3; ${r.asOfEntries} entries then)`
	);
	console.log(`  the whole change log described, cold: ${ms(r.changeLogMs)} (${r.changeLogEntries} changes)`);
	return r;
}

async function main(): Promise<void> {
	const started = performance.now();
	process.stderr.write(`Xiao'an sync bench${QUICK ? ' (BENCH_QUICK=1: counts ÷10)' : ''}\n`);
	const idb = ONLY === '' || ONLY === 'indexeddb' ? await indexeddb() : null;
	const devices = ONLY === '' || ONLY === 'workspace' ? await workspace() : null;
	const hazards = ONLY === '' || ONLY === 'ledger' ? ledger() : null;
	const photoFigures = ONLY === '' || ONLY === 'photos' ? await photos() : null;
	const chromium = ONLY === '' || ONLY === 'ledger' || ONLY === 'chromium' ? await ledgerInChromium() : null;
	const app = ONLY === '' || ONLY === 'ledger' || ONLY === 'app' ? await ledgerInApp() : null;
	const kept = ONLY === '' || ONLY === 'history' ? await history() : null;
	if (ONLY !== '') return;
	const ours = await bench('ours');
	const reference = await bench('reference');
	const durationMs = performance.now() - started;
	const data = rows(ours, reference);

	const warnings: string[] = [];
	for (const [kind, r] of [
		['ours', ours],
		['reference', reference]
	] as const) {
		const disconnects = r.fanOut.disconnects + r.throughput.disconnects + (r.durableAck?.disconnects ?? 0);
		if (disconnects > 0) warnings.push(`${kind}: ${disconnects} client disconnect(s) during the run`);
		if (r.fanOut.incomplete > 0)
			warnings.push(`${kind}: ${r.fanOut.incomplete} fan-out update(s) not received by every reader`);
	}

	console.log('');
	console.log(table(data));
	console.log('');
	console.log('Notes:');
	console.log('- Reference: @y/websocket-server 0.1.1, documents in memory (YPERSISTENCE unset).');
	console.log('  Ours stores every update in SQLite before relaying it, and restarts before each cold load');
	console.log(
		'  (loaded from SQLite, compacted every 500 updates as in production); the reference cold load'
	);
	console.log('  is a new client joining a document already in memory.');
	console.log('- Servers run one at a time as child processes (node --import tsx); all clients (real');
	console.log('  y-websocket providers) share this process, which is part of what is measured.');
	console.log('- Timings are noisy on shared machines; they are informational and never used for pass/fail.');
	for (const warning of warnings) console.log(`- WARNING: ${warning}`);
	console.log(`\nTotal ${(durationMs / 1000).toFixed(1)} s; JSON in tests/bench/.output/latest.json`);

	mkdirSync(join(OUTPUT, '..'), { recursive: true });
	const json = {
		date: new Date().toISOString(),
		durationMs,
		machine: { node: process.version, platform: process.platform, cpus: cpus().length },
		config: CONFIG,
		table: data.map(([scenario, o, r, unit]) => ({ scenario, ours: o ?? null, reference: r ?? null, unit })),
		results: {
			ours,
			reference,
			indexeddb: idb,
			workspace: devices,
			ledger: hazards,
			chromium,
			app,
			history: kept,
			photos: photoFigures
		},
		warnings
	};
	writeFileSync(OUTPUT, JSON.stringify(json, null, '\t') + '\n');
}

// y-websocket adds a process 'exit' listener per provider; the fan-out scenario has 21.
process.setMaxListeners(64);
process.once('SIGINT', () => {
	killAll();
	process.exit(130);
});
process.once('exit', killAll);

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		killAll();
		process.exit(1);
	}
);
