import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientOwner } from '../authorship.ts';
import type { ViolationEntry } from '../../src/lib/api/types.ts';
import type { AuditRow, HistoryRow, SyncStorage, UpdateMeta, ViolationRecord } from './types.ts';

export type { HistoryRow };

export interface SqliteStorageOptions {
	/** Open without writing (no schema changes); for inspection tools and tests. Default false. */
	readonly?: boolean;
	/**
	 * An open handle to use instead of opening `dataDir` (which is then ignored), so that account
	 * changes and document writes can share one transaction. The caller keeps and closes it.
	 * Default: none.
	 */
	database?: Database.Database;
}

/** The database file inside a data directory. */
export function sqliteFile(dataDir: string): string {
	return join(dataDir, 'xiaoan.sqlite');
}

/**
 * Creates `dataDir` and an empty database file in it, readable by the owner only, unless they
 * exist (an operator's own permissions are kept). The file holds every document and the invite
 * codes, which are bearer secrets; SQLite gives its -wal and -shm files the same permissions.
 * Returns the file's path.
 */
export function createPrivateDatabase(dataDir: string): string {
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const file = sqliteFile(dataDir);
	closeSync(openSync(file, 'a', 0o600));
	return file;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS snapshots (
	room TEXT PRIMARY KEY,
	data BLOB NOT NULL,
	at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	room TEXT NOT NULL,
	data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_room ON updates (room, seq);
-- Separate from updates so compaction keeps who changed what, and when.
CREATE TABLE IF NOT EXISTS audit (
	seq INTEGER PRIMARY KEY,
	room TEXT NOT NULL,
	member_id TEXT NOT NULL,
	at INTEGER NOT NULL,
	bytes INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_room ON audit (room, seq);
-- The member who first stored each Yjs client's changes, up to which clock: a change another
-- device re-sends after a restore is still recorded as its author's (sync-server/authorship.ts).
CREATE TABLE IF NOT EXISTS authors (
	room TEXT NOT NULL,
	client INTEGER NOT NULL,
	member_id TEXT NOT NULL,
	clock INTEGER NOT NULL,
	PRIMARY KEY (room, client)
) WITHOUT ROWID;
-- Attempts to break a rule inside a document (sync-server/violations.ts), for the office: refused,
-- or kept as a conflict an offline device may cause honestly (kept = 1). Added after the first release: like every document table it is created if missing, so a
-- database of an earlier server gains it when this one opens it.
CREATE TABLE IF NOT EXISTS violations (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace TEXT NOT NULL,
	document TEXT NOT NULL,
	member_id TEXT NOT NULL,
	member_name TEXT NOT NULL,
	at INTEGER NOT NULL,
	last_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 1,
	rule TEXT NOT NULL,
	detail TEXT NOT NULL,
	kept INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS violations_workspace ON violations (workspace, id);
-- Where a room's history begins when it was compacted before history was kept (see HISTORY).
CREATE TABLE IF NOT EXISTS history_base (
	room TEXT PRIMARY KEY,
	data BLOB NOT NULL,
	at INTEGER NOT NULL
);
`;

/**
 * History (issue 11): compaction no longer deletes a room's updates, it archives them
 * (`archived = 1`). Loading reads the snapshot and the live updates only, as before; the archived
 * ones stay to rebuild the room as it stood at any time and to describe each change. A room that
 * had been compacted before this column existed keeps its snapshot of then as its history's base.
 */
const HISTORY = `
ALTER TABLE updates ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
CREATE INDEX updates_live ON updates (room, seq) WHERE archived = 0;
INSERT OR IGNORE INTO history_base (room, data, at) SELECT room, data, at FROM snapshots;
`;

/** Creates the document tables if missing, and brings older ones up to date; idempotent. */
export function createDocumentTables(db: Database.Database): void {
	db.exec(SCHEMA);
	const columns = db.prepare("SELECT name FROM pragma_table_info('updates')").pluck().all() as string[];
	if (!columns.includes('archived')) db.transaction(() => db.exec(HISTORY)).immediate();
}

interface AuditRecord {
	seq: number;
	member_id: string;
	at: number;
	bytes: number;
}

/** All rooms in one SQLite file (`<dataDir>/xiaoan.sqlite`), WAL-journaled. */
export class SqliteStorage implements SyncStorage {
	readonly #db: Database.Database;
	readonly #ownsDb: boolean;
	readonly #append: (room: string, update: Uint8Array, meta: UpdateMeta) => number;
	readonly #compact: (room: string, snapshot: Uint8Array) => void;

	constructor(dataDir: string, options: SqliteStorageOptions = {}) {
		const readonly = options.readonly ?? false;
		this.#ownsDb = options.database === undefined;
		if (options.database !== undefined) {
			this.#db = options.database;
		} else {
			const file = readonly ? sqliteFile(dataDir) : createPrivateDatabase(dataDir);
			this.#db = new Database(file, { readonly, fileMustExist: readonly });
			if (!readonly) {
				// WAL + NORMAL: a commit survives a killed process (not a power cut), at a fraction of
				// the fsync cost of FULL; enough for a school server with clients that resend.
				this.#db.pragma('journal_mode = WAL');
				this.#db.pragma('synchronous = NORMAL');
			}
		}
		if (!readonly) createDocumentTables(this.#db);
		// One SQLite transaction each: an update never exists without its audit row, and a
		// snapshot never without the deletion of the updates it replaces.
		this.#append = this.#db.transaction((room: string, update: Uint8Array, meta: UpdateMeta) =>
			this.#commitUpdate(room, update, meta)
		);
		this.#compact = this.#db.transaction((room: string, snapshot: Uint8Array) =>
			this.#replaceSnapshot(room, snapshot)
		);
	}

	load(room: string): Uint8Array[] {
		const snapshot = this.#statement('SELECT data FROM snapshots WHERE room = ?').pluck().get(room) as
			Buffer | undefined;
		const updates = this.#statement('SELECT data FROM updates WHERE room = ? AND archived = 0 ORDER BY seq')
			.pluck()
			.all(room) as Buffer[];
		return snapshot === undefined ? updates : [snapshot, ...updates];
	}

	append(room: string, update: Uint8Array, meta: UpdateMeta): number {
		return this.#append(room, update, meta);
	}

	compact(room: string, snapshot: Uint8Array): void {
		this.#compact(room, snapshot);
	}

	countSinceSnapshot(room: string): number {
		return this.#statement('SELECT COUNT(*) FROM updates WHERE room = ? AND archived = 0')
			.pluck()
			.get(room) as number;
	}

	storedBytes(name: string): number {
		// `name/` up to `name0` ('0' follows '/'): every room inside, through the indexes.
		const range = { name, from: `${name}/`, to: `${name}0` };
		const where = 'room = :name OR (room >= :from AND room < :to)';
		const sum = (table: string, only = '') =>
			this.#statement(`SELECT COALESCE(SUM(length(data)), 0) FROM ${table} WHERE (${where})${only}`)
				.pluck()
				.get(range) as number;
		// A workspace counts its history too (so no member can fill the disk through it); a
		// document counts what is loaded.
		const history = name.includes('/') ? 0 : this.historyBytes(name);
		return sum('snapshots') + sum('updates', ' AND archived = 0') + history;
	}

	/**
	 * Bytes kept only for history (archived updates and bases) for the room named `name`, or for
	 * every room of the workspace `name`. Not counted by `storedBytes`: quotas bound what is loaded.
	 */
	historyBytes(name: string): number {
		const range = { name, from: `${name}/`, to: `${name}0` };
		const where = 'room = :name OR (room >= :from AND room < :to)';
		return (
			(this.#statement(`SELECT COALESCE(SUM(length(data)), 0) FROM updates WHERE (${where}) AND archived = 1`)
				.pluck()
				.get(range) as number) +
			(this.#statement(`SELECT COALESCE(SUM(length(data)), 0) FROM history_base WHERE ${where}`)
				.pluck()
				.get(range) as number)
		);
	}

	/**
	 * Every stored change of the room in order, archived or not, with who stored it and when: the
	 * room's history base first when it has one, unless `afterSeq` (the last seq already read)
	 * is given, then the updates after it.
	 */
	history(room: string, afterSeq = -1): HistoryRow[] {
		const base =
			afterSeq >= 0
				? undefined
				: (this.#statement('SELECT data, at FROM history_base WHERE room = ?').get(room) as
						{ data: Buffer; at: number } | undefined);
		const rows = this.#statement(
			`SELECT u.seq AS seq, a.member_id AS memberId, a.at AS at, u.data AS data
			FROM updates u JOIN audit a ON a.seq = u.seq WHERE u.room = ? AND u.seq > ? ORDER BY u.seq`
		).all(room, afterSeq) as HistoryRow[];
		return base === undefined ? rows : [{ seq: null, memberId: null, at: base.at, data: base.data }, ...rows];
	}

	owners(room: string, clients: number[]): ReadonlyMap<number, ClientOwner> {
		const rows = this.#statement(
			'SELECT client, member_id, clock FROM authors WHERE room = ? AND client IN (SELECT value FROM json_each(?))'
		).all(room, JSON.stringify(clients)) as { client: number; member_id: string; clock: number }[];
		return new Map(rows.map((row) => [row.client, { memberId: row.member_id, clock: row.clock }]));
	}

	audit(room: string, limit = 100): AuditRow[] {
		const rows = this.#statement(
			'SELECT seq, member_id, at, bytes FROM audit WHERE room = ? ORDER BY seq DESC LIMIT ?'
		).all(room, limit) as AuditRecord[];
		return rows.map((row) => ({ seq: row.seq, memberId: row.member_id, at: row.at, bytes: row.bytes }));
	}

	recordViolation(record: ViolationRecord, repeatWindowMs: number): void {
		const detail = JSON.stringify(record.detail);
		const kept = record.kept ? 1 : 0;
		const repeat = this.#statement(
			`UPDATE violations SET attempts = attempts + 1, last_at = :at WHERE id = (
				SELECT id FROM violations WHERE workspace = :workspace AND document = :document
					AND member_id = :memberId AND rule = :rule AND detail = :detail AND kept = :kept AND last_at >= :since
				ORDER BY id DESC LIMIT 1)`
		).run({ ...record, detail, kept, since: record.at - repeatWindowMs });
		if (repeat.changes > 0) return;
		this.#statement(
			`INSERT INTO violations (workspace, document, member_id, member_name, at, last_at, rule, detail, kept)
			VALUES (:workspace, :document, :memberId, :memberName, :at, :at, :rule, :detail, :kept)`
		).run({ ...record, detail, kept });
	}

	violations(workspace: string, limit: number): ViolationEntry[] {
		const rows = this.#statement(
			`SELECT id, document, member_id AS memberId, member_name AS memberName, at, last_at AS lastAt,
				attempts, rule, detail, kept FROM violations WHERE workspace = ? ORDER BY id DESC LIMIT ?`
		).all(workspace, limit) as (Omit<ViolationEntry, 'detail' | 'kept'> & { detail: string; kept: number })[];
		return rows.map((row) => ({ ...row, detail: parseDetail(row.detail), kept: row.kept === 1 }));
	}

	close(): void {
		if (this.#ownsDb && this.#db.open) this.#db.close();
	}

	// Lazily prepared and cached: a read-only instance never prepares statements on tables it may lack.
	readonly #statements = new Map<string, Database.Statement>();
	#statement(sql: string): Database.Statement {
		let statement = this.#statements.get(sql);
		if (!statement) {
			statement = this.#db.prepare(sql);
			this.#statements.set(sql, statement);
		}
		return statement;
	}

	#commitUpdate(room: string, update: Uint8Array, meta: UpdateMeta): number {
		const inserted = this.#statement('INSERT INTO updates (room, data) VALUES (?, ?)').run(room, update);
		this.#statement('INSERT INTO audit (seq, room, member_id, at, bytes) VALUES (?, ?, ?, ?, ?)').run(
			inserted.lastInsertRowid,
			room,
			meta.memberId,
			meta.at,
			update.byteLength
		);
		// A client's owner never changes; only its own later changes raise the recorded clock.
		const own = this.#statement(
			`INSERT INTO authors (room, client, member_id, clock) VALUES (?, ?, ?, ?)
			ON CONFLICT (room, client) DO UPDATE SET clock = MAX(clock, excluded.clock)
			WHERE member_id = excluded.member_id`
		);
		for (const [client, clock] of meta.clients ?? []) own.run(room, client, meta.memberId, clock);
		return Number(inserted.lastInsertRowid);
	}

	#replaceSnapshot(room: string, snapshot: Uint8Array): void {
		this.#statement(
			'INSERT INTO snapshots (room, data, at) VALUES (?, ?, ?) ' +
				'ON CONFLICT (room) DO UPDATE SET data = excluded.data, at = excluded.at'
		).run(room, snapshot, Date.now());
		// Archived, not deleted: the history that rebuilds earlier states (see HISTORY).
		this.#statement('UPDATE updates SET archived = 1 WHERE room = ? AND archived = 0').run(room);
	}
}

function parseDetail(json: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(json);
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: {};
	} catch {
		return {};
	}
}
