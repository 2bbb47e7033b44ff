import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AnswerEntry, AnswerValue } from '../../src/lib/model/answers.ts';
import {
	addItemPhoto,
	answerItem,
	initRound,
	readItem,
	readRound,
	setItemNote
} from '../../src/lib/model/inspection.ts';
import type { Actor } from '../../src/lib/model/origin.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { alice, bob, carol, photoHash, prng, syncAll } from './helpers.ts';

/**
 * Seeded convergence property: three replicas initialise the same round concurrently, then answer,
 * clear, type notes and add photos while exchanging random subsets of their updates in random order.
 * After a full exchange every replica must read the same round, and no answer may be lost.
 * A failure names its seed; rerun it with PROPERTY_SEED=<seed> PROPERTY_RUNS=1.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
/** The time allowed grows with the runs asked for, so PROPERTY_RUNS=10000 finishes, not times out. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 200);
const FIRST_SEED = Number(process.env.PROPERTY_SEED ?? 20_261_103);
const T0 = Date.UTC(2026, 10, 3);
const ACTORS: Actor[] = [alice, bob, carol];
const VALUES: (AnswerValue | null)[] = ['pass', 'fail', 'na', null];
const ALPHABET = ['a', 'b', '安', '全', '消', '防', '🔥', ' '];

interface Replica {
	doc: Y.Doc;
	actor: Actor;
	/** Every update this replica emitted, local or relayed, in order. */
	outbox: Uint8Array[];
}

function runOnce(seed: number): void {
	const random = prng(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
	const replicas: Replica[] = ACTORS.map((actor) => {
		const doc = new Y.Doc();
		const replica: Replica = { doc, actor, outbox: [] };
		doc.on('update', (update: Uint8Array) => replica.outbox.push(update));
		initRound(doc, {
			id: 'round-p',
			title: '属性测试',
			month: '2026-11',
			template: SEED_TEMPLATE,
			actor,
			now: T0
		});
		return replica;
	});
	const itemIds = readRound(replicas[0]!.doc)!.areas.flatMap((a) => a.items.map((i) => i.id));
	// delivered[from][to]: indexes of `from`'s outbox already applied to `to`.
	const delivered = replicas.map(() => replicas.map(() => new Set<number>()));
	let answers = 0;
	const photos = new Set<string>();
	// Ground truth for conflicts: the entries each answer's device held for its item when it was given.
	const knew = new Map<string, Set<string>>();

	const steps = 20 + Math.floor(random() * 40);
	for (let step = 0; step < steps; step++) {
		const r = pick(replicas);
		const roll = random();
		const item = pick(itemIds);
		// Few distinct instants, so equal timestamps (ties) are common.
		const now = T0 + Math.floor(random() * 4) * 1000;
		if (roll < 0.35) {
			const held = new Set((readItem(r.doc, item)?.history ?? []).map((entry) => entry.id));
			knew.set(answerItem(r.doc, item, pick(VALUES), r.actor, now).id, held);
			answers++;
		} else if (roll < 0.55) {
			const chars = Array.from(readItem(r.doc, item)?.note ?? '');
			const at = Math.floor(random() * (chars.length + 1));
			const removed = Math.min(Math.floor(random() * 3), chars.length - at);
			const inserted = Array.from({ length: Math.floor(random() * 4) }, () => pick(ALPHABET));
			chars.splice(at, removed, ...inserted);
			setItemNote(r.doc, item, chars.join(''), r.actor);
		} else if (roll < 0.62) {
			const hash = photoHash(1 + Math.floor(random() * 6));
			addItemPhoto(r.doc, item, hash, r.actor, 'phone', now);
			photos.add(`${item}/${hash}`);
		} else {
			const from = replicas.indexOf(r);
			const to = (from + 1 + Math.floor(random() * 2)) % replicas.length;
			const pending = r.outbox.map((_, i) => i).filter((i) => !delivered[from]![to]!.has(i));
			const chosen = shuffle(
				pending.filter(() => random() < 0.6),
				random
			);
			for (const i of chosen) {
				delivered[from]![to]!.add(i);
				Y.applyUpdate(replicas[to]!.doc, r.outbox[i]!, 'remote');
			}
		}
	}

	syncAll(...replicas.map((r) => r.doc));
	const views = replicas.map((r) => readRound(r.doc));
	const message = `seed ${seed}`;
	expect(views[1], message).toEqual(views[0]);
	expect(views[2], message).toEqual(views[0]);
	const view = views[0]!;
	expect(view.progress.total, message).toBe(itemIds.length);
	const entries = view.areas.flatMap((a) => a.items.flatMap((i) => i.history));
	expect(entries.length, message).toBe(answers);
	expect(new Set(entries.map((e) => e.id)).size, message).toBe(answers);
	for (const item of view.areas.flatMap((a) => a.items)) {
		// Oracle, written independently of the model: the heads are the answers no later answer's
		// device had seen; heads that disagree are a conflict (all of them, oldest first), else the
		// latest head (`at`, then member id, then entry id) is the answer.
		const order = (x: AnswerEntry, y: AnswerEntry) =>
			x.at !== y.at ? x.at - y.at : x.by !== y.by ? (x.by < y.by ? -1 : 1) : x.id < y.id ? -1 : 1;
		const heads = item.history
			.filter((entry) => !item.history.some((other) => knew.get(other.id)?.has(entry.id)))
			.sort(order);
		const disagree = new Set(heads.map((entry) => entry.value)).size > 1;
		expect(
			item.conflict.map((e) => e.id),
			message
		).toEqual(disagree ? heads.map((e) => e.id) : []);
		const latest = heads.at(-1);
		expect(item.answer, message).toEqual(!disagree && latest && latest.value !== null ? latest : null);
		// A 不合格 no later answer had seen is never hidden: it is the answer or part of the conflict.
		if (heads.some((head) => head.value === 'fail'))
			expect(item.answer?.value === 'fail' || item.conflict.some((e) => e.value === 'fail'), message).toBe(
				true
			);
	}
	const seenPhotos = view.areas.flatMap((a) =>
		a.items.flatMap((i) => i.photos.map((p) => `${i.id}/${p.hash}`))
	);
	expect(new Set(seenPhotos), message).toEqual(photos);
	for (const r of replicas) expect(r.doc.store.pendingStructs, message).toBeNull();
}

function shuffle<T>(list: T[], random: () => number): T[] {
	for (let i = list.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[list[i], list[j]] = [list[j] as T, list[i] as T];
	}
	return list;
}

describe('inspection convergence (seeded property)', () => {
	it(
		`converges with no answer lost over ${RUNS} seeded runs`,
		() => {
			for (let run = 0; run < RUNS; run++) runOnce(FIRST_SEED + run);
		},
		TIMEOUT_MS
	);
});
