import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readRound } from '../../src/lib/model/inspection.ts';
import { compactStore, keepCompact, storedSize } from '../../src/lib/sync/idb-compaction.ts';
import { roundEdits, seedRound } from '../bench/round-edits.ts';

let names = 0;

async function open(name: string): Promise<{ doc: Y.Doc; persistence: IndexeddbPersistence }> {
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(name, doc);
	await persistence.whenSynced;
	return { doc, persistence };
}

/** Makes `count` round edits, letting IndexedDB work every few edits as a person's pace would. */
async function edit(doc: Y.Doc, itemIds: string[], count: number): Promise<void> {
	for (const i of roundEdits(doc, itemIds, count)) if (i % 20 === 0) await yieldToLoop();
	await yieldToLoop();
}

describe('IndexedDB compaction', () => {
	it('keeps the stored bytes under twice the document through 3,000 edits, and reloads intact', async () => {
		const name = `compaction-${names++}`;
		const { doc, persistence } = await open(name);
		const compaction = keepCompact(persistence, { floorBytes: 4096 });
		const itemIds = seedRound(doc);
		let worst = 0;
		for (let round = 0; round < 6; round++) {
			await edit(doc, itemIds, 500);
			await compaction.idle();
			const { bytes } = await storedSize(persistence);
			worst = Math.max(worst, bytes / Y.encodeStateAsUpdate(doc).length);
		}
		expect(worst).toBeLessThanOrEqual(2.2);
		const before = readRound(doc);
		compaction.stop();
		await persistence.destroy();
		doc.destroy();

		const again = await open(name);
		expect(readRound(again.doc)).toEqual(before);
		await again.persistence.destroy();
	});

	it('without it, y-indexeddb alone lets the store grow during steady editing', async () => {
		const { doc, persistence } = await open(`compaction-${names++}`);
		const itemIds = seedRound(doc);
		await edit(doc, itemIds, 2000);
		const { rows, bytes } = await storedSize(persistence);
		// Its trim waits for a one-second pause that steady editing never leaves: one row per edit.
		expect(rows).toBeGreaterThan(2000);
		expect(bytes).toBeGreaterThan(1.5 * Y.encodeStateAsUpdate(doc).length);
		await persistence.destroy();
	});

	it('keeps rows another tab wrote that this document has not seen', async () => {
		const name = `compaction-${names++}`;
		const a = await open(name);
		const b = await open(name);
		b.doc.getText('t').insert(0, 'from tab b');
		await yieldToLoop();
		a.doc.getText('t').insert(0, 'from tab a; ');
		await compactStore(a.persistence);
		expect((await storedSize(a.persistence)).rows).toBe(1);
		await a.persistence.destroy();
		await b.persistence.destroy();
		const c = await open(name);
		expect(c.doc.getText('t').toString()).toContain('from tab b');
		expect(c.doc.getText('t').toString()).toContain('from tab a; ');
		await c.persistence.destroy();
	});
});
