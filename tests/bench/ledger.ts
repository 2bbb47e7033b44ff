import * as Y from 'yjs';
import { SEED_DOMAINS } from '../../src/lib/model/duty-seed.ts';
import { filterHazards, sortHazards, type HazardFilter } from '../../src/lib/model/hazard-query.ts';
import { LedgerIndex } from '../../src/lib/model/ledger-index.ts';
import {
	allowedMoves,
	deviceCode,
	domainOwners,
	getHazard,
	moveHazard,
	registerHazard,
	type MemberContext
} from '../../src/lib/model/ledger.ts';

export interface LedgerResult {
	entries: number;
	/** Registering every entry through the model API, one transaction each. */
	buildMs: number;
	/** Then moving most of them along the loop (about 2.2 moves per entry). */
	movesMs: number;
	moves: number;
	updateBytes: number;
	/** From the encoded update to the index's sorted views: decode + apply, then index. */
	openMs: number;
	applyMs: number;
	indexMs: number;
	/** One filter (a department's open, overdue entries) and a sort by deadline; median. */
	filterMs: number;
	filterMatches: number;
	/** One more registration on the opened ledger, with the index's views taken after it; median. */
	registerMs: number;
}

const DOMAINS = SEED_DOMAINS.map((domain, order) => ({ ...domain, order, lead: null }));
const OWNERS = domainOwners(DOMAINS);
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 2);
const office: MemberContext = { id: 'office', name: '周尹尹', role: 'office', deptIds: ['office'] };
const inspector: MemberContext = { id: 'insp', name: '李明', role: 'inspector', deptIds: [] };
/** A department head for every department, so every hazard has someone to rectify it. */
const head: MemberContext = {
	id: 'heads',
	name: '主任',
	role: 'dept',
	deptIds: [...new Set(DOMAINS.flatMap((d) => d.owners))]
};
const PLACES = [
	'教学楼东侧消防通道',
	'食堂后厨',
	'操场围栏',
	'实验楼三楼化学实验室',
	'学生宿舍二楼',
	'校门口'
];

/** Seeded PRNG (mulberry32), so every run builds the same ledger. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** The day the bench's queries run on (the ledger spans a year from T0). */
export const BENCH_NOW = T0 + 300 * DAY;
/** The filter the bench applies: one department's open, overdue entries. */
export const BENCH_FILTER = {
	dept: 'general-affairs',
	states: ['registered', 'rectifying'],
	overdue: true
} as const satisfies HazardFilter;
export { OWNERS as BENCH_OWNERS, inspector as BENCH_INSPECTOR };

/**
 * A school's ledger of `entries` hazards over a year, registered through the model by six devices,
 * then most of them moved along the loop (about 2.2 moves per entry). Seeded: every run builds the
 * same ledger. Runs in Node and in the Chromium bench page alike.
 */
export function buildLedger(
	doc: Y.Doc,
	entries: number
): { buildMs: number; movesMs: number; moves: number } {
	const random = prng(11);
	let started = performance.now();
	const ids: string[] = [];
	for (let i = 0; i < entries; i++) {
		const at = T0 + Math.floor((i / entries) * 360) * DAY + (i % 500) * 1000;
		const domain = DOMAINS[Math.floor(random() * DOMAINS.length)]!.id;
		const hazard = registerHazard(
			doc,
			{
				place: PLACES[i % PLACES.length]!,
				description: `第${i + 1}号隐患：${PLACES[(i * 7) % PLACES.length]}存在安全隐患，需要整改`,
				domain,
				level: random() < 0.03 ? '重大' : '一般',
				deadline: new Date(at + 14 * DAY).toISOString().slice(0, 10),
				foundAt: at
			},
			random() < 0.5 ? inspector : office,
			deviceCode(1 + (i % 6)),
			at
		);
		ids.push(hazard.id);
	}
	const buildMs = performance.now() - started;

	started = performance.now();
	let moves = 0;
	for (const [i, id] of ids.entries()) {
		const steps = Math.floor(random() * 5);
		for (let s = 0; s < steps; s++) {
			const at = T0 + Math.floor((i / entries) * 360) * DAY + (s + 1) * DAY;
			const view = getHazard(doc, id)!;
			const member = [head, inspector, office].find((m) => allowedMoves(view, m, OWNERS).length > 0);
			if (member === undefined) break;
			const move = allowedMoves(view, member, OWNERS).find((m) => m !== 'passAndClose')!;
			moveHazard(doc, id, move, member, OWNERS, { now: at, comment: '已处理' });
			moves++;
		}
	}
	return { buildMs, movesMs: performance.now() - started, moves };
}

/** A school's ledger of `entries` hazards over a year, built, encoded, opened and queried in Node. */
export function ledgerBench(entries: number): LedgerResult {
	const doc = new Y.Doc();
	const { buildMs, movesMs, moves } = buildLedger(doc, entries);
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();

	const started = performance.now();
	const opened = new Y.Doc();
	Y.applyUpdate(opened, update);
	const applied = performance.now();
	const index = new LedgerIndex(opened);
	const views = index.views;
	const openEnd = performance.now();

	const now = BENCH_NOW;
	let filterMatches = 0;
	const filterSamples = Array.from({ length: 9 }, () => {
		const t = performance.now();
		const found = filterHazards(index.views, BENCH_FILTER, { now, owners: OWNERS });
		filterMatches = sortHazards(found, 'deadline').length;
		return performance.now() - t;
	});

	const registerSamples = Array.from({ length: 21 }, (_, i) => {
		const t = performance.now();
		registerHazard(
			opened,
			{ place: '操场', description: '围栏松动', domain: 'school-buildings' },
			inspector,
			'ZZ',
			now + i
		);
		if (index.views.length !== views.length + i + 1)
			throw new Error('bench: the index missed a registration');
		return performance.now() - t;
	});
	index.destroy();
	opened.destroy();
	return {
		entries,
		buildMs,
		movesMs,
		moves,
		updateBytes: update.byteLength,
		openMs: openEnd - started,
		applyMs: applied - started,
		indexMs: openEnd - applied,
		filterMs: median(filterSamples),
		filterMatches,
		registerMs: median(registerSamples)
	};
}
