import * as Y from 'yjs';
import { initWorkspace } from '../../src/lib/model/meta.ts';
import { answerItem, readRound, setItemNote } from '../../src/lib/model/inspection.ts';
import type { Actor } from '../../src/lib/model/origin.ts';
import { createRound } from '../../src/lib/model/rounds.ts';

const INSPECTORS: Actor[] = [
	{ id: 'member-zhou', name: '周尹尹' },
	{ id: 'member-huang', name: '黄春' }
];
const PHRASE = '东侧围墙有裂缝已设警示带待总务处修复消防通道畅通灭火器压力正常';
const ANSWERS = ['pass', 'fail', 'na'] as const;

/** Seeded PRNG (mulberry32), so every run makes the same edits. */
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

/** A fresh round from the seed template in `doc` (the meta document stays in memory). */
export function seedRound(doc: Y.Doc, id = 'bench-round'): string[] {
	const meta = new Y.Doc();
	initWorkspace(meta, { name: '示范学校', actor: INSPECTORS[0]!, now: 1_700_000_000_000 });
	createRound(meta, doc, { id, title: '2026年11月 月度安全检查', month: '2026-11', actor: INSPECTORS[0]! });
	meta.destroy();
	return readRound(doc)!.areas.flatMap((area) => area.items.map((item) => item.id));
}

/**
 * Yields `count` edits of one round the way inspectors make them: mostly typing notes a character
 * at a time (with a backspace now and then), and answering items, often changing an answer.
 * Each edit is its own transaction, as in the app; the caller decides when to yield to the loop.
 */
export function* roundEdits(doc: Y.Doc, itemIds: string[], count: number, seed = 7): Generator<number> {
	const random = prng(seed);
	const notes = new Map<string, string>();
	for (let i = 0; i < count; i++) {
		const itemId = itemIds[Math.floor(random() * itemIds.length)]!;
		const actor = INSPECTORS[i % INSPECTORS.length]!;
		if (random() < 0.3) {
			answerItem(doc, itemId, ANSWERS[Math.floor(random() * ANSWERS.length)]!, actor);
		} else {
			// Type a run of characters into this item's note, one transaction per keystroke.
			let note = notes.get(itemId) ?? '';
			const keys = Math.min(count - i, 1 + Math.floor(random() * 12));
			for (let k = 0; k < keys; k++, i++) {
				if (note.length > 0 && random() < 0.1) note = note.slice(0, -1);
				else if (note.length < 400) note += PHRASE[(note.length + k) % PHRASE.length];
				else note = note.slice(0, 200);
				setItemNote(doc, itemId, note, actor);
				yield i;
			}
			i--;
			notes.set(itemId, note);
			continue;
		}
		yield i;
	}
}
