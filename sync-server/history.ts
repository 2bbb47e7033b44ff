import * as Y from 'yjs';
import { changeDescriber, touchedRecords, type ChangeFact } from '../src/lib/model/change-log.ts';
import type { DocumentKind } from '../src/lib/model/documents.ts';
import type { HistoryRow } from './storage/types.ts';

/** One stored update of a document read as sentences (see src/lib/model/change-log.ts). */
export interface ChangeEntry {
	seq: number;
	memberId: string;
	at: number;
	facts: ChangeFact[];
}

/** Where a document's history stands after a replay, kept to go on from there. */
interface Replay {
	kind: DocumentKind;
	/** The document as it stood after the last replayed update. */
	doc: Y.Doc;
	lastSeq: number;
	/** Since the history's start (its base, if any), oldest first. */
	entries: ChangeEntry[];
	/** When the history starts: its base's time, or null when it starts with the first update. */
	from: number | null;
}

/** How long a replay runs before it lets the server serve others (ms). */
const SLICE_MS = 20;

/**
 * A document's history read back from storage: each stored update described (the change log),
 * and the document rebuilt as it stood at any time. The server keeps every update (compaction
 * archives them, storage/sqlite.ts), so both are derived from what it stored, never from what a
 * client claims.
 *
 * Describing replays the history: each update is applied to the document as it stood before,
 * and the records it touched are read before and after (`changeDescriber`). The replay of the
 * last few documents asked for is kept and extended with later updates. A replay yields to the
 * event loop every `SLICE_MS`, so a long history slows its own answer, not the server.
 */
export class DocumentHistory {
	readonly #replays = new Map<string, Replay>();
	/** The replay under way per room: a second request waits for it rather than replaying too. */
	readonly #running = new Map<string, Promise<Replay>>();
	readonly #keep: number;
	readonly #rows: (room: string, afterSeq: number) => HistoryRow[];

	/** `rows(room, afterSeq)`: the room's history rows after `afterSeq` (all with -1), in order. */
	constructor(rows: (room: string, afterSeq: number) => HistoryRow[], keep = 3) {
		this.#rows = rows;
		this.#keep = keep;
	}

	/** The room's change log so far, oldest first, and when its history starts. */
	async changes(room: string, kind: DocumentKind): Promise<{ entries: ChangeEntry[]; from: number | null }> {
		const replay = await this.#replay(room, kind);
		return { entries: replay.entries, from: replay.from };
	}

	/**
	 * The room as it stood at `at` (ms), as one Yjs update; null when its history starts later
	 * (a room compacted before history was kept).
	 */
	async stateAt(room: string, at: number): Promise<Uint8Array | null> {
		const rows = this.#rows(room, -1);
		const base = rows[0]?.seq === null ? rows[0] : null;
		if (base !== null && base.at > at) return null;
		const doc = new Y.Doc();
		let slice = performance.now();
		for (const row of rows) {
			if (row.at > at) continue;
			Y.applyUpdate(doc, row.data);
			if (performance.now() - slice > SLICE_MS) {
				await new Promise((resolve) => setImmediate(resolve));
				slice = performance.now();
			}
		}
		const state = Y.encodeStateAsUpdate(doc);
		doc.destroy();
		return state;
	}

	/** Forgets replays of `workspace`'s rooms (restored from a backup behind the server's back). */
	forget(workspace: string): void {
		for (const room of [...this.#replays.keys()])
			if (room.startsWith(`${workspace}/`)) {
				this.#replays.get(room)?.doc.destroy();
				this.#replays.delete(room);
			}
	}

	#replay(room: string, kind: DocumentKind): Promise<Replay> {
		const running = this.#running.get(room);
		const next = (running ?? Promise.resolve())
			.catch(() => undefined)
			.then(() => this.#extend(room, kind))
			.finally(() => {
				if (this.#running.get(room) === next) this.#running.delete(room);
			});
		this.#running.set(room, next);
		return next;
	}

	async #extend(room: string, kind: DocumentKind): Promise<Replay> {
		let replay = this.#replays.get(room);
		if (replay === undefined) {
			replay = { kind, doc: new Y.Doc(), lastSeq: -1, entries: [], from: null };
		}
		// Most recently used last, so the first key is the one to drop.
		this.#replays.delete(room);
		this.#replays.set(room, replay);
		while (this.#replays.size > this.#keep) {
			const [oldest] = this.#replays.keys();
			this.#replays.get(oldest!)?.doc.destroy();
			this.#replays.delete(oldest!);
		}
		const rows = this.#rows(room, replay.lastSeq);
		if (rows.length === 0) return replay;
		const describer = changeDescriber(kind);
		// The document before each update: a second copy that follows one update behind.
		const before = new Y.Doc();
		Y.applyUpdate(before, Y.encodeStateAsUpdate(replay.doc));
		let slice = performance.now();
		for (const row of rows) {
			let touched = new Map<string, Set<string | null>>();
			const watch = (transaction: Y.Transaction) => {
				touched = touchedRecords(transaction);
			};
			replay.doc.once('afterTransaction', watch);
			Y.applyUpdate(replay.doc, row.data);
			replay.doc.off('afterTransaction', watch);
			if (row.seq === null) replay.from = row.at;
			else {
				const facts = touched.size === 0 ? [] : describer.describe(before, replay.doc, touched);
				if (facts.length > 0)
					replay.entries.push({ seq: row.seq, memberId: row.memberId ?? '', at: row.at, facts });
				replay.lastSeq = row.seq;
			}
			Y.applyUpdate(before, row.data);
			if (performance.now() - slice > SLICE_MS) {
				await new Promise((resolve) => setImmediate(resolve));
				slice = performance.now();
			}
		}
		before.destroy();
		return replay;
	}
}
