import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { listHazards } from '../../src/lib/model/ledger.ts';
import { DocumentHistory } from '../../sync-server/history.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { buildLedger } from './ledger.ts';

export interface HistoryResult {
	entries: number;
	/** Updates stored (one per registration or move). */
	updates: number;
	/** What the history keeps beyond the loaded state: archived updates. */
	historyBytes: number;
	/** The loaded state: snapshot and live updates. */
	liveBytes: number;
	bytesPer1000Edits: number;
	/** The ledger rebuilt as it stood a quarter of the way through its history, from SQLite; median of 3. */
	asOfMs: number;
	/** Entries in the ledger as of then. */
	asOfEntries: number;
	/** The whole change log described (each update read before and after), cold. */
	changeLogMs: number;
	changeLogEntries: number;
}

const ROOM = 'bench/ledger';
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * The cost of keeping history (issue 11): a year of a school's ledger (`entries` hazards and their
 * moves, one update each, stored with the time it was made and compacted every 500 updates as the
 * server does) in a real SQLite store; then the ledger rebuilt as it stood a quarter of the way through, and its
 * whole change log described.
 */
export async function historyBench(entries: number): Promise<HistoryResult> {
	const dir = mkdtempSync(join(tmpdir(), 'xiaoan-history-'));
	const storage = new SqliteStorage(dir);
	try {
		const doc = new Y.Doc();
		let updates = 0;
		// Stamped in storage order, as the server stamps when it stores (one "millisecond" each).
		doc.on('update', (update: Uint8Array) => {
			updates++;
			storage.append(ROOM, update, { memberId: 'bench', at: updates });
			if (storage.countSinceSnapshot(ROOM) > 500) storage.compact(ROOM, Y.encodeStateAsUpdate(doc));
		});
		buildLedger(doc, entries);
		const history = new DocumentHistory((room, afterSeq) => storage.history(room, afterSeq));
		const rows = storage.history(ROOM);
		const middle = rows[Math.floor(rows.length / 4)]!.at;
		const times: number[] = [];
		let asOfEntries = 0;
		for (let i = 0; i < 3; i++) {
			const started = performance.now();
			const state = await history.stateAt(ROOM, middle);
			times.push(performance.now() - started);
			const then = new Y.Doc();
			Y.applyUpdate(then, state!);
			asOfEntries = listHazards(then).length;
			then.destroy();
		}
		const started = performance.now();
		const log = await history.changes(ROOM, 'ledger');
		const changeLogMs = performance.now() - started;
		const historyBytes = storage.historyBytes(ROOM);
		const liveBytes = storage.storedBytes(ROOM);
		doc.destroy();
		return {
			entries,
			updates,
			historyBytes,
			liveBytes,
			bytesPer1000Edits: (historyBytes / updates) * 1000,
			asOfMs: median(times),
			asOfEntries,
			changeLogMs,
			changeLogEntries: log.entries.length
		};
	} finally {
		storage.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
