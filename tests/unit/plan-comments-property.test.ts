import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from '../../src/lib/model/errors.ts';
import type { Actor } from '../../src/lib/model/origin.ts';
import { planBody } from '../../src/lib/model/plan.ts';
import { checkPlanTransaction } from '../../src/lib/model/plan-comment-rules.ts';
import {
	addThread,
	anchorInText,
	anchoredText,
	listThreads,
	reopenThread,
	replyToThread,
	resolveThread
} from '../../src/lib/model/plan-comments.ts';
import { defineRoots } from '../../src/lib/model/schema/check.ts';
import { alice, bob, carol, prng, syncAll } from './helpers.ts';

/**
 * Seeded convergence property for comment threads: three devices type into the passage's
 * paragraph (before, inside and after it), start threads, reply, resolve and reopen, syncing
 * random pairs now and then. After a full exchange every device lists the same threads, no reply
 * is lost, each thread's passage still holds its first and last characters, and the server's rule
 * (checked on a server copy that takes every update) refused nothing the model wrote.
 * A failure names its seed; rerun it with PROPERTY_SEED=<seed> PROPERTY_RUNS=1.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const TIMEOUT_MS = Math.max(60_000, RUNS * 200);
const FIRST_SEED = Number(process.env.PROPERTY_SEED ?? 20_261_130);
const ACTORS: Actor[] = [alice, bob, carol];
const PASSAGE = '安全检查';

function runOnce(seed: number): void {
	const random = prng(seed);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
	const origin = new Y.Doc();
	defineRoots('plan', origin);
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(`每月${PASSAGE}一次`)]);
	planBody(origin).insert(0, [p]);
	const start = Y.encodeStateAsUpdate(origin);
	const server = new Y.Doc();
	defineRoots('plan', server);
	Y.applyUpdate(server, start);
	const docs = ACTORS.map(() => {
		const doc = new Y.Doc();
		defineRoots('plan', doc);
		Y.applyUpdate(doc, start);
		return doc;
	});
	const text = (doc: Y.Doc) => (planBody(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
	const problems: string[] = [];
	let replies = 0;
	let n = 0;
	for (let step = 0; step < 40; step++) {
		const i = Math.floor(random() * docs.length);
		const doc = docs[i] as Y.Doc;
		const actor = ACTORS[i] as Actor;
		const threads = listThreads(doc);
		const roll = random();
		const id = `${seed}-${n++}`;
		// Each device's own changes reach the server as one update, judged as the server would.
		const before = Y.encodeStateVector(doc);
		try {
			if (roll < 0.3)
				text(doc).insert(Math.floor(random() * (text(doc).length + 1)), pick(['学', '校', '每周']));
			else if (roll < 0.45 || threads.length === 0) {
				const at = text(doc).toString().indexOf(PASSAGE);
				if (at >= 0) {
					const anchor = anchorInText(text(doc), at, at + PASSAGE.length);
					addThread(doc, { anchor, quote: PASSAGE, text: '意见' }, actor, step, id);
				}
			} else if (roll < 0.75) {
				replyToThread(doc, pick(threads).id, `回复${id}`, actor, step, id);
				replies++;
			} else if (roll < 0.9) resolveThread(doc, pick(threads).id, actor, step, id);
			else reopenThread(doc, pick(threads).id, actor, step, id);
		} catch (error) {
			if (!(error instanceof ModelError && error.code === 'illegal_transition')) throw error;
		}
		const update = Y.encodeStateAsUpdate(doc, before);
		const check = (tr: Y.Transaction) => {
			const problem = checkPlanTransaction(tr, { id: actor.id, parts: 'all' });
			if (problem !== null) problems.push(problem.reason);
		};
		server.on('afterTransaction', check);
		Y.applyUpdate(server, update);
		server.off('afterTransaction', check);
		if (random() < 0.3) syncAll(doc, pick(docs));
	}
	syncAll(...docs);
	const lists = docs.map((doc) => listThreads(doc));
	expect(problems, `seed ${seed}`).toEqual([]);
	for (const list of lists) expect(list, `seed ${seed}`).toEqual(lists[0]);
	expect(listThreads(server), `seed ${seed}`).toEqual(lists[0]);
	expect(
		lists[0]?.reduce((sum, thread) => sum + thread.replies.length, 0),
		`seed ${seed}`
	).toBe(replies);
	for (const thread of lists[0] ?? []) {
		const passage = thread.anchor && anchoredText(docs[0] as Y.Doc, thread.anchor);
		expect(passage?.startsWith('安') && passage.endsWith('查'), `seed ${seed}: ${passage}`).toBe(true);
	}
}

describe('comment threads converge (seeded property)', () => {
	it(
		`${RUNS} runs from seed ${FIRST_SEED}`,
		() => {
			for (let run = 0; run < RUNS; run++) runOnce(FIRST_SEED + run);
		},
		TIMEOUT_MS
	);
});
