import * as idb from 'lib0/indexeddb';
import { fetchUpdates, type IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/**
 * Keeps a document's IndexedDB store near the size of the document itself.
 *
 * y-indexeddb appends every update as a row and merges the rows only once there are 500 of them AND
 * no update has come for a second (its trim timer restarts on every update), never on load. During a
 * long session of steady typing or ticking, or a big sync, the rows grow without bound until a pause;
 * and 500 small rows can weigh many times a small document. Here the trigger is bytes instead: once
 * the rows written since the last merge weigh more than the merged state (at least `floorBytes`),
 * the store is merged again, so it stays under about twice the document, and the work of merging is
 * paid for by as many bytes of edits (amortised constant).
 */
export interface CompactionOptions {
	/** Do not merge for less than this many new bytes, so a tiny document is not merged on every edit. Default 32 KiB. */
	floorBytes?: number;
	/** Merge after loading when the store holds more rows than this (rows left by earlier sessions). Default 16. */
	loadRows?: number;
}

const UPDATES = 'updates';

/**
 * Merges every stored row into one snapshot row, safely: it first reads and applies the rows the
 * document has not seen (another tab of the same document writes to the same store) and then
 * deletes only rows it has read, in one IndexedDB transaction. Resolves false if nothing was done
 * (persistence destroyed or not yet open). Returns the snapshot's size.
 */
export async function compactStore(persistence: IndexeddbPersistence): Promise<number | null> {
	if (persistence._destroyed || persistence.db === null) return null;
	const store = await fetchUpdates(persistence);
	// If destroyed meanwhile, fetchUpdates did not apply the rows: deleting them would lose them.
	if (persistence._destroyed) return null;
	const snapshot = Y.encodeStateAsUpdate(persistence.doc);
	await idb.rtop(store.add(snapshot));
	await idb.del(store, idb.createIDBKeyRangeUpperBound(persistence._dbref, true));
	persistence._dbsize = await idb.count(store);
	return snapshot.length;
}

/** The rows in a persistence's store and their total bytes: what IndexedDB holds for the document. */
export async function storedSize(
	persistence: IndexeddbPersistence
): Promise<{ rows: number; bytes: number }> {
	const db = persistence.db ?? (await persistence.whenSynced).db;
	if (db === null) return { rows: 0, bytes: 0 };
	const [store] = idb.transact(db, [UPDATES], 'readonly');
	const rows = (await idb.getAll(store!)) as Uint8Array[];
	return { rows: rows.length, bytes: rows.reduce((sum, row) => sum + row.byteLength, 0) };
}

/**
 * Watches `persistence` and merges its store whenever the new rows outweigh the last snapshot.
 * Stops by itself when the persistence or its document is destroyed; also returns a stop function.
 * `done` (tests, bench) resolves when no merge is running.
 */
export function keepCompact(
	persistence: IndexeddbPersistence,
	options: CompactionOptions = {}
): { stop: () => void; idle: () => Promise<void> } {
	const floor = options.floorBytes ?? 32 * 1024;
	const doc = persistence.doc;
	/** Bytes of the last snapshot; unknown until the first merge, so taken as the floor. */
	let base = 0;
	/** Bytes written as rows since the last merge started. */
	let fresh = 0;
	let running: Promise<void> | null = null;
	let stopped = false;

	const run = (): void => {
		if (running || stopped) return;
		fresh = 0;
		running = compactStore(persistence)
			.then((size) => {
				if (size !== null) base = size;
			})
			.catch(() => {
				// A failed merge loses nothing (one transaction); the next trigger tries again.
			})
			.finally(() => {
				running = null;
				if (fresh > Math.max(base, floor)) run();
			});
	};
	const onUpdate = (update: Uint8Array, origin: unknown): void => {
		// Rows y-indexeddb itself applied on load are not new rows.
		if (origin === persistence || stopped) return;
		fresh += update.byteLength;
		if (fresh > Math.max(base, floor)) run();
	};
	const stop = (): void => {
		stopped = true;
		doc.off('update', onUpdate);
		doc.off('destroy', stop);
	};
	doc.on('update', onUpdate);
	doc.on('destroy', stop);
	void persistence.whenSynced.then(() => {
		if (persistence._dbsize > (options.loadRows ?? 16)) run();
	});
	return {
		stop,
		idle: async () => {
			while (running) await running;
		}
	};
}
