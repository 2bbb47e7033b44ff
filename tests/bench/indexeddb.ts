import 'fake-indexeddb/auto';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { keepCompact, storedSize } from '../../src/lib/sync/idb-compaction.ts';
import { roundEdits, seedRound } from './round-edits.ts';

export interface IdbSample {
	rows: number;
	storedBytes: number;
	/** `Y.encodeStateAsUpdate(doc).length` at the same moment. */
	docBytes: number;
	ratio: number;
}

export interface IdbResult {
	edits: number;
	/** Worst ratio seen at any checkpoint during the session. */
	worstRatio: number;
	/** Right after the last edit, before any pause. */
	end: IdbSample;
	/** After a 1.5-second pause (y-indexeddb's own trim waits for a 1-second one). */
	afterPause: IdbSample;
	ms: number;
}

let runs = 0;

/**
 * `edits` edits of one inspection round (notes typed a key at a time, answers) through a real
 * IndexeddbPersistence on fake-indexeddb, yielding to the event loop every 10 edits so IndexedDB
 * keeps up as it would with a person typing. `compact`: with our compaction (idb-compaction.ts)
 * or y-indexeddb's own trim alone.
 */
export async function indexeddbGrowth(edits: number, compact: boolean): Promise<IdbResult> {
	const started = performance.now();
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(`bench-${runs++}`, doc);
	await persistence.whenSynced;
	const compaction = compact ? keepCompact(persistence) : null;
	const itemIds = seedRound(doc);
	const checkpoint = Math.max(100, Math.round(edits / 20));
	let worstRatio = 0;
	// Checkpoints do not wait for a merge in progress: what they see is what a device would hold.
	const sample = async (): Promise<IdbSample> => {
		const { rows, bytes } = await storedSize(persistence);
		const docBytes = Y.encodeStateAsUpdate(doc).length;
		return { rows, storedBytes: bytes, docBytes, ratio: bytes / docBytes };
	};
	for (const i of roundEdits(doc, itemIds, edits)) {
		if (i % 10 === 0) await yieldToLoop();
		if (i > 0 && i % checkpoint === 0) worstRatio = Math.max(worstRatio, (await sample()).ratio);
	}
	await yieldToLoop();
	await compaction?.idle();
	const end = await sample();
	worstRatio = Math.max(worstRatio, end.ratio);
	await sleep(1500);
	const afterPause = await sample();
	compaction?.stop();
	await persistence.destroy();
	doc.destroy();
	return { edits, worstRatio, end, afterPause, ms: performance.now() - started };
}
