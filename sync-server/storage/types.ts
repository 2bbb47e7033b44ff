import type { ViolationEntry } from '../../src/lib/api/types.ts';
import type { ClientOwner } from '../authorship.ts';

/** One stored change of a room's history, in order (see `SyncStorage.history`). */
export interface HistoryRow {
	/** The update's sequence number; null for the base a room's history starts from. */
	seq: number | null;
	/** Who stored it; null for the base. */
	memberId: string | null;
	at: number;
	data: Uint8Array;
}

/** Who sent an update and when: kept for the audit trail (design.md §4). */
export interface UpdateMeta {
	memberId: string;
	/** Milliseconds since the epoch. */
	at: number;
	/**
	 * The Yjs clients whose changes the update holds, with each one's end clock: the first member to
	 * store a client's changes is recorded as its owner (see sync-server/authorship.ts). Default: none.
	 */
	clients?: ReadonlyMap<number, number>;
}

/** One stored update as the audit trail remembers it, even after compaction. */
export interface AuditRow {
	seq: number;
	memberId: string;
	at: number;
	/** Size of the update in bytes. */
	bytes: number;
}

/** An attempt to break a rule inside a document, as the server records it. */
export interface ViolationRecord {
	workspace: string;
	/** The document's name in the workspace (`ledger`, `inspection/<id>`). */
	document: string;
	memberId: string;
	memberName: string;
	at: number;
	rule: string;
	detail: Record<string, unknown>;
	/** Kept as a conflict (stored and relayed), not refused (rules/violation.ts `isConflict`). */
	kept: boolean;
}

/**
 * Where documents live between server runs. Methods are synchronous on purpose: the server
 * broadcasts and acknowledges an update only after `append` has returned, so a returned call must
 * mean "committed". A store that cannot commit synchronously needs that flow made async first.
 */
export interface SyncStorage {
	/** The room's stored state: its snapshot (if any) first, then the updates since, in order. */
	load(room: string): Uint8Array[];
	/**
	 * Commits one update with its audit row and returns its sequence number, which grows with every
	 * update stored in any room. Throws if it could not be stored.
	 */
	append(room: string, update: Uint8Array, meta: UpdateMeta): number;
	/**
	 * Replaces the room's snapshot with `snapshot` and retires the updates it covers from loading,
	 * atomically (SQLite keeps them as history).
	 * The caller passes the full current state, which covers every update appended so far.
	 */
	compact(room: string, snapshot: Uint8Array): void;
	/** Number of updates stored after the room's snapshot. */
	countSinceSnapshot(room: string): number;
	/**
	 * Bytes stored (snapshot and updates) for the room named `name`, or for every room of the
	 * workspace when `name` is a workspace id, its history included: what size caps and quotas count.
	 */
	storedBytes(name: string): number;
	/**
	 * The recorded owners of some Yjs clients of the room, so a change re-sent by another device
	 * after a restore keeps its author. Optional: without it, every change is the sender's.
	 */
	owners?(room: string, clients: number[]): ReadonlyMap<number, ClientOwner>;
	/**
	 * Records an attempt to break a rule (violations.ts). The same attempt repeated within
	 * `repeatWindowMs` (a device re-sending its refused change) counts as a repeat of the last one.
	 * Optional: a storage without it records nothing (the refusal is still logged).
	 */
	recordViolation?(record: ViolationRecord, repeatWindowMs: number): void;
	/** Recorded violations of a workspace, newest first. */
	violations?(workspace: string, limit: number): ViolationEntry[];
	/**
	 * Every stored change of the room in order, even those compaction retired from loading: its
	 * history base first unless `afterSeq` is given, then the updates after `afterSeq`. Optional:
	 * a store without it keeps no history.
	 */
	history?(room: string, afterSeq?: number): HistoryRow[];
	/** Audit rows of the room, newest first; compaction never removes them. Default limit 100. */
	audit(room: string, limit?: number): AuditRow[];
	close(): void;
}
