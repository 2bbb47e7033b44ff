import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	allowedMoves,
	findNumberClashes,
	getHazard,
	listHazards,
	moveHazard,
	registerHazard,
	type MemberContext,
	type TransitionEntry
} from '../../src/lib/model/ledger.ts';
import { LedgerIndex } from '../../src/lib/model/ledger-index.ts';
import { photoHash, prng } from './helpers.ts';
import { OWNERS, T0, generalAffairs, inspector, office, security } from './ledger-helpers.ts';

/**
 * Seeded convergence property of the ledger: four devices (the office, two departments, an
 * inspector) register hazards and move them through the loop, each offering only what
 * `allowedMoves` gives it on what it sees, while exchanging random subsets of their updates in
 * random order; now and then a hostile device appends a move the loop never allows. After a full
 * exchange every device must fold every hazard to the same state and timeline, keep every
 * transition ever appended, mark each as an independent fold says, and hold no clashing number,
 * each number as it was issued. Each device's LedgerIndex, patched update by update, must equal a
 * fresh read. A failure names its seed; rerun it with PROPERTY_SEED=<seed> PROPERTY_RUNS=1.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
/** The time allowed grows with the runs asked for, so PROPERTY_RUNS=10000 finishes, not times out. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 200);
const FIRST_SEED = Number(process.env.PROPERTY_SEED ?? 20_261_109);
const DEVICES: { member: MemberContext; space: string }[] = [
	{ member: office, space: 'A' },
	{ member: generalAffairs, space: 'B' },
	{ member: security, space: 'C' },
	{ member: inspector, space: 'D' }
];

interface Replica {
	doc: Y.Doc;
	member: MemberContext;
	space: string;
	index: LedgerIndex;
	outbox: Uint8Array[];
}

/** The loop's edges, written out again, independently of the model. */
const EDGES = new Set([
	'registered>rectifying',
	'rectifying>awaiting_reinspection',
	'awaiting_reinspection>verified',
	'awaiting_reinspection>rectifying',
	'verified>closed',
	'awaiting_reinspection>closed'
]);

function oracle(entries: readonly TransitionEntry[]): { state: string; marks: [string, string][] } {
	const sorted = [...entries].sort((x, y) => x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
	let state = 'registered';
	const marks = sorted.map((e): [string, string] => {
		const edge = EDGES.has(`${e.from}>${e.to}`);
		if (edge && e.from === state) {
			state = e.to;
			return [e.id, 'applied'];
		}
		return [e.id, edge ? 'superseded' : 'illegal'];
	});
	return { state, marks };
}

function runOnce(seed: number): void {
	const random = prng(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
	const replicas: Replica[] = DEVICES.map(({ member, space }) => {
		const doc = new Y.Doc();
		const replica: Replica = { doc, member, space, index: new LedgerIndex(doc), outbox: [] };
		doc.on('update', (update: Uint8Array) => replica.outbox.push(update));
		return replica;
	});
	const delivered = replicas.map(() => replicas.map(() => new Set<number>()));
	const appended = new Map<string, Set<string>>();
	const issued = new Map<string, string>();
	let serial = 0;
	const register = (r: Replica) => {
		const hazard = registerHazard(
			r.doc,
			{
				place: '操场',
				description: '围栏',
				domain: pick(['food-hygiene', 'internal-management', 'safe-campus'])
			},
			r.member,
			r.space,
			T0 + Math.floor(random() * 3) * 40 * 86_400_000
		);
		issued.set(hazard.id, hazard.number);
		appended.set(hazard.id, new Set());
	};
	register(replicas[0]!);

	const steps = 20 + Math.floor(random() * 40);
	for (let step = 0; step < steps; step++) {
		const r = pick(replicas);
		const roll = random();
		const known = [...r.index.views];
		// Few distinct instants, so equal timestamps (ties) are common.
		const now = T0 + Math.floor(random() * 4) * 1000;
		if (roll < 0.06) {
			register(r);
		} else if (roll < 0.6 && known.length > 0) {
			const view = pick(known);
			const moves = allowedMoves(view, r.member, OWNERS);
			if (moves.length === 0) continue;
			const move = pick(moves);
			const entry = moveHazard(r.doc, view.id, move, r.member, OWNERS, {
				now,
				comment: move === 'submit' || move === 'reject' ? '理由' : '',
				photos: random() < 0.3 ? [photoHash(1 + Math.floor(random() * 3))] : [],
				deadline: move === 'reject' && random() < 0.5 ? '2026-12-01' : null
			});
			appended.get(view.id)?.add(entry.id);
		} else if (roll < 0.62 && known.length > 0) {
			// A hostile device: a transition the loop never allows, straight into the log.
			const view = pick(known);
			const id = `bad-${seed}-${step}`;
			const log = (r.doc.getMap('hazards').get(view.id) as Y.Map<unknown>).get('log') as Y.Array<unknown>;
			log.push([
				{ id, from: 'registered', to: 'closed', by: 'x', byName: 'x', at: now, comment: '', photos: [] }
			]);
			appended.get(view.id)?.add(id);
		} else {
			const from = replicas.indexOf(r);
			const to = (from + 1 + Math.floor(random() * (replicas.length - 1))) % replicas.length;
			const pending = r.outbox.map((_, i) => i).filter((i) => !delivered[from]![to]!.has(i));
			for (const i of shuffle(
				pending.filter(() => random() < 0.6),
				random
			)) {
				delivered[from]![to]!.add(i);
				Y.applyUpdate(replicas[to]!.doc, r.outbox[i]!, 'remote');
			}
		}
		serial++;
	}

	for (const from of replicas)
		for (const to of replicas)
			if (from !== to)
				Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc, Y.encodeStateVector(to.doc)), 'remote');

	const message = `seed ${seed} (${serial} steps)`;
	const first = listHazards(replicas[0]!.doc);
	for (const r of replicas) {
		expect(listHazards(r.doc), message).toEqual(first);
		expect(r.index.views, message).toEqual(first);
		expect(r.doc.store.pendingStructs, message).toBeNull();
	}
	expect(first.map((h) => h.id).sort(), message).toEqual([...issued.keys()].sort());
	expect(findNumberClashes(first).size, message).toBe(0);
	for (const hazard of first) {
		expect(hazard.number, message).toBe(issued.get(hazard.id));
		expect(new Set(hazard.timeline.map((e) => e.id)), message).toEqual(appended.get(hazard.id));
		const expected = oracle(hazard.timeline);
		expect(hazard.state, message).toBe(expected.state);
		expect(
			hazard.timeline.map((e) => [e.id, e.mark]),
			message
		).toEqual(expected.marks);
		expect(getHazard(replicas[3]!.doc, hazard.id), message).toEqual(hazard);
	}
	for (const r of replicas) r.index.destroy();
}

function shuffle<T>(list: T[], random: () => number): T[] {
	for (let i = list.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[list[i], list[j]] = [list[j] as T, list[i] as T];
	}
	return list;
}

describe('ledger convergence (seeded property)', () => {
	it(
		`converges with no move lost and every loser marked over ${RUNS} seeded runs`,
		() => {
			for (let run = 0; run < RUNS; run++) runOnce(FIRST_SEED + run);
		},
		TIMEOUT_MS
	);
});
