import Database from 'better-sqlite3';
import { chmodSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ACCOUNTS_VERSION, NUMBER_DEVICES, migrate, schemaVersion } from './schema.ts';
import { AccountError } from './types.ts';

export interface BackupResult {
	file: string;
	/** Rooms with stored state in the backup. */
	documents: number;
	/** Size of the backup file. */
	bytes: number;
}

export interface RestoreResult {
	workspace: string;
	documents: number;
}

/** What belongs to a workspace, table by table: a column list and the filter on it. */
const TABLES = [
	{ name: 'workspaces', columns: 'id, name, created_at, generation', where: 'id = :ws' },
	{ name: 'members', columns: 'id, workspace, name, role, created_at, revoked_at', where: 'workspace = :ws' },
	{
		name: 'invites',
		columns: 'code, workspace, role, created_by, created_at, expires_at, used_at, used_by, cancelled_at',
		where: 'workspace = :ws'
	},
	{
		name: 'sessions',
		columns: `id, workspace, member_id, agent, created_at, token_id, issued_at, expires_at,
			previous_token_id, previous_until, token_seen_at, last_seen_at, revoked_at, device`,
		where: 'workspace = :ws'
	},
	{ name: 'authors', columns: 'room, client, member_id, clock', where: 'room >= :lo AND room < :hi' },
	// `<ws>/` ≤ room < `<ws>0` is exactly the rooms starting with `<ws>/` ('0' follows '/'), and
	// unlike LIKE it has no wildcard to escape (`_` is legal in ids) and uses the room index.
	{ name: 'snapshots', columns: 'room, data, at', where: 'room >= :lo AND room < :hi' },
	// Archived updates too: the history that rebuilds earlier states (storage/sqlite.ts).
	{ name: 'updates', columns: 'seq, room, data, archived', where: 'room >= :lo AND room < :hi' },
	{ name: 'history_base', columns: 'room, data, at', where: 'room >= :lo AND room < :hi' },
	{ name: 'audit', columns: 'seq, room, member_id, at, bytes', where: 'room >= :lo AND room < :hi' },
	{
		name: 'blobs',
		columns: 'workspace, hash, type, bytes, created_at, created_by, data',
		where: 'workspace = :ws'
	}
] as const;

const bounds = (ws: string) => ({ ws, lo: `${ws}/`, hi: `${ws}0` });

function countDocuments(db: Database.Database, schema: string, ws: string): number {
	return db
		.prepare(
			`SELECT COUNT(*) FROM (SELECT room FROM ${schema}.snapshots WHERE room >= :lo AND room < :hi
			UNION SELECT room FROM ${schema}.updates WHERE room >= :lo AND room < :hi)`
		)
		.pluck()
		.get(bounds(ws)) as number;
}

/** Runs `fn` with `file` attached as `alias`; SQLite refuses to attach inside a transaction. */
function withAttached<T>(db: Database.Database, file: string, alias: string, fn: () => T): T {
	db.prepare(`ATTACH DATABASE ? AS ${alias}`).run(file);
	try {
		return fn();
	} finally {
		db.prepare(`DETACH DATABASE ${alias}`).run();
	}
}

/**
 * Copies one workspace's rows into a new standalone SQLite file. All reads happen in one
 * transaction, so the copy is consistent while a server keeps writing (WAL readers see one
 * snapshot). Written beside `file` and renamed over it, so a failed backup never leaves half a file.
 */
export function backupWorkspace(db: Database.Database, ws: string, file: string): BackupResult {
	const target = resolve(file);
	const temp = `${target}.tmp-${process.pid}`;
	rmSync(temp, { force: true });
	try {
		const out = new Database(temp);
		chmodSync(temp, 0o600); // invite codes in it are bearer secrets
		migrate(out);
		out.close();
		const documents = withAttached(db, temp, 'backup', () =>
			db.transaction(() => {
				for (const { name, columns, where } of TABLES) {
					db.prepare(
						`INSERT INTO backup.${name} (${columns}) SELECT ${columns} FROM main.${name} WHERE ${where}`
					).run(bounds(ws));
				}
				return countDocuments(db, 'backup', ws);
			})()
		);
		renameSync(temp, target);
		return { file: target, documents, bytes: statSync(target).size };
	} catch (error) {
		rmSync(temp, { force: true });
		throw error;
	}
}

/** The id of the one workspace in a backup file; throws `invalid_backup` for anything else. */
function backupWorkspaceId(file: string): string {
	if (!existsSync(file)) throw new AccountError('invalid_backup', `no such file: ${file}`);
	let source: Database.Database | null = null;
	try {
		source = new Database(file, { readonly: true, fileMustExist: true });
		const version = schemaVersion(source);
		// Older backups lack only tables and columns that restore treats as absent (see `merged`).
		if (version < 1 || version > ACCOUNTS_VERSION)
			throw new Error(`schema version ${version}, expected 1–${ACCOUNTS_VERSION}`);
		const ids = source.prepare('SELECT id FROM workspaces').pluck().all() as string[];
		if (ids.length !== 1 || ids[0] === undefined) throw new Error(`${ids.length} workspaces in the file`);
		return ids[0];
	} catch (error) {
		if (error instanceof AccountError) throw error;
		throw new AccountError('invalid_backup', `not a workspace backup: ${(error as Error).message}`);
	} finally {
		source?.close();
	}
}

/**
 * Brings the workspace's documents back to the backup's, in one transaction, and raises its
 * generation above both the current and the backed-up one, so a running server drops its rooms.
 * Sequence numbers are shifted past every existing one: order within the workspace is kept,
 * nothing collides (even in another data directory), and later updates still sort after the
 * restored ones.
 *
 * Account state is merged, never rolled back (see `mergeAccounts`): a restore brings back
 * documents, not access that was withdrawn since the backup. Photos are merged too: the backup's
 * come back, and none stored since is deleted (photos are evidence, and restored documents or
 * devices that re-send changes may still show them).
 */
export function restoreWorkspace(db: Database.Database, file: string): RestoreResult {
	const ws = backupWorkspaceId(file);
	const params = bounds(ws);
	return withAttached(db, resolve(file), 'source', () =>
		db
			.transaction(() => {
				const generation = db
					.prepare(
						`SELECT MAX(COALESCE((SELECT generation FROM main.workspaces WHERE id = :ws), 0),
							(SELECT generation FROM source.workspaces WHERE id = :ws)) + 1`
					)
					.pluck()
					.get(params) as number;
				for (const name of ['snapshots', 'updates', 'audit', 'history_base'])
					db.prepare(`DELETE FROM main.${name} WHERE room >= :lo AND room < :hi`).run(params);
				// Sign-in codes are day-long bearer secrets, never backed up: none survives a restore.
				db.prepare('DELETE FROM main.signin_codes WHERE workspace = :ws').run(params);
				db.prepare(
					`INSERT INTO main.workspaces (id, name, created_at, generation)
					SELECT id, name, created_at, :generation FROM source.workspaces WHERE id = :ws
					ON CONFLICT (id) DO UPDATE SET name = excluded.name, created_at = excluded.created_at,
						generation = excluded.generation`
				).run({ ...params, generation });
				mergeAccounts(db, params);
				db.exec(NUMBER_DEVICES);
				copyShifted(db, params);
				return { workspace: ws, documents: countDocuments(db, 'main', ws) };
			})
			.immediate()
	);
}

/**
 * A backed-up session keeps its device number unless another session of the live workspace holds
 * it (a backup from another server of the same workspace): then it gets the next free one after the
 * merge (`NUMBER_DEVICES`), as does every session of a backup from before device numbers.
 */
const SOURCE_DEVICE = `CASE WHEN EXISTS (SELECT 1 FROM main.sessions live WHERE live.workspace = source.sessions.workspace
	AND live.device = source.sessions.device AND live.id <> source.sessions.id) THEN NULL ELSE device END AS device`;

/** The backup's columns of `table`, with NULL for those an older backup lacks; null without the table. */
function sourceColumns(db: Database.Database, table: (typeof TABLES)[number]): string | null {
	const present = new Set(
		(db.prepare(`SELECT name FROM pragma_table_info(?, 'source')`).pluck().all(table.name) as string[]) ?? []
	);
	if (present.size === 0) return null;
	return table.columns
		.split(',')
		.map((column) => column.trim())
		.map((column) =>
			!present.has(column)
				? `NULL AS ${column}`
				: table.name === 'sessions' && column === 'device'
					? SOURCE_DEVICE
					: column
		)
		.join(', ');
}

/**
 * Members, invites, device sessions and owners of Yjs clients: the union of the live rows and the
 * backup's. Live rows win, and what ends access is kept from either side: a member or session
 * revoked since the backup stays revoked, an invite used or cancelled since stays so; members and
 * invites made since the backup stay (they are not the damage a restore repairs). Owners of Yjs
 * clients recorded since the backup stay, so changes re-sent after the restore keep their authors.
 * Photos are content-addressed: one already stored under a hash is the same photo, and is kept.
 */
function mergeAccounts(db: Database.Database, params: ReturnType<typeof bounds>): void {
	const upserts: Record<string, string> = {
		members: 'ON CONFLICT (id) DO UPDATE SET revoked_at = COALESCE(revoked_at, excluded.revoked_at)',
		invites: `ON CONFLICT (code) DO UPDATE SET used_at = COALESCE(used_at, excluded.used_at),
			used_by = COALESCE(used_by, excluded.used_by),
			cancelled_at = COALESCE(cancelled_at, excluded.cancelled_at)`,
		// A live session keeps its device number: the device has been numbering hazards with it.
		sessions: 'ON CONFLICT (id) DO UPDATE SET revoked_at = COALESCE(revoked_at, excluded.revoked_at)',
		authors: 'ON CONFLICT (room, client) DO NOTHING',
		blobs: 'ON CONFLICT (workspace, hash) DO NOTHING'
	};
	for (const table of TABLES) {
		const upsert = upserts[table.name];
		const columns = upsert === undefined ? null : sourceColumns(db, table);
		if (upsert === undefined || columns === null) continue;
		db.prepare(
			`INSERT INTO main.${table.name} (${table.columns}) SELECT ${columns} FROM source.${table.name}
			WHERE ${table.where} ${upsert}`
		).run(params);
	}
}

/** Whether the backup's `table` has `column`. */
function hasColumn(db: Database.Database, table: string, column: string): boolean {
	return (
		db.prepare(`SELECT name FROM pragma_table_info(?, 'source')`).pluck().all(table) as string[]
	).includes(column);
}

function copyShifted(db: Database.Database, params: ReturnType<typeof bounds>): void {
	const seq = (sql: string) => (db.prepare(sql).pluck().get(params) as number | null) ?? 0;
	const base = seq(
		`SELECT MAX(COALESCE((SELECT seq FROM main.sqlite_sequence WHERE name = 'updates'), 0),
			COALESCE((SELECT MAX(seq) FROM main.audit), 0))`
	);
	const first = seq(
		`SELECT MIN(seq) FROM (SELECT seq FROM source.updates WHERE room >= :lo AND room < :hi
		UNION ALL SELECT seq FROM source.audit WHERE room >= :lo AND room < :hi)`
	);
	const shifted = { ...params, shift: base + 1 - first };
	// A backup from before history was kept has no `archived`: its updates were all live.
	const archived = hasColumn(db, 'updates', 'archived') ? 'archived' : '0';
	db.prepare(
		`INSERT INTO main.updates (seq, room, data, archived) SELECT seq + :shift, room, data, ${archived}
		FROM source.updates WHERE room >= :lo AND room < :hi ORDER BY seq`
	).run(shifted);
	if (hasColumn(db, 'history_base', 'room'))
		db.prepare(
			`INSERT INTO main.history_base (room, data, at) SELECT room, data, at FROM source.history_base
			WHERE room >= :lo AND room < :hi`
		).run(params);
	db.prepare(
		`INSERT INTO main.audit (seq, room, member_id, at, bytes) SELECT seq + :shift, room, member_id, at, bytes
		FROM source.audit WHERE room >= :lo AND room < :hi`
	).run(shifted);
	// Audit rows outlive compacted updates, so they can hold the highest seq: keep the updates
	// counter above them, or a later update's audit row would collide with a restored one.
	const top = seq('SELECT MAX(seq) FROM main.audit');
	const raised = db
		.prepare("UPDATE main.sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'updates'")
		.run(top);
	if (raised.changes === 0)
		db.prepare("INSERT INTO main.sqlite_sequence (name, seq) VALUES ('updates', ?)").run(top);
}
