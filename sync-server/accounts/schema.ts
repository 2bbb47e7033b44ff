import Database from 'better-sqlite3';
import { createDocumentTables } from '../storage/sqlite.ts';

/**
 * Gives every session without a device number the next numbers of its workspace, in creation order.
 * Run by the migration that added the numbers and after a restore (a backup from before them).
 */
export const NUMBER_DEVICES = `
WITH top AS (SELECT workspace, COALESCE(MAX(device), 0) AS n FROM sessions GROUP BY workspace),
	fresh AS (
		SELECT id, workspace, ROW_NUMBER() OVER (PARTITION BY workspace ORDER BY created_at, rowid) AS n
		FROM sessions WHERE device IS NULL
	)
UPDATE sessions SET device = (SELECT top.n + fresh.n FROM fresh JOIN top USING (workspace) WHERE fresh.id = sessions.id)
WHERE device IS NULL;
`;

/**
 * Account tables, versioned with `PRAGMA user_version` (the document tables use none). Append a
 * migration to change them; never edit one that has shipped.
 */
const MIGRATIONS: readonly string[] = [
	`
CREATE TABLE workspaces (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	generation INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE members (
	id TEXT PRIMARY KEY,
	workspace TEXT NOT NULL,
	name TEXT NOT NULL,
	role TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
);
CREATE INDEX members_workspace ON members (workspace);
CREATE TABLE invites (
	code TEXT PRIMARY KEY,
	workspace TEXT NOT NULL,
	role TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER,
	used_by TEXT
);
CREATE INDEX invites_workspace ON invites (workspace);
`,
	// Sign-in codes: a one-time way back in for an existing member (a lost or signed-out device).
	`
CREATE TABLE signin_codes (
	code TEXT PRIMARY KEY,
	workspace TEXT NOT NULL,
	member_id TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	used_at INTEGER
);
CREATE INDEX signin_codes_workspace ON signin_codes (workspace);
`,
	// Sessions: one per device sign-in, so a device can be listed and revoked alone, and a refresh
	// replaces the token it refreshes. Invites can be cancelled.
	`
CREATE TABLE IF NOT EXISTS sessions (
	id TEXT PRIMARY KEY,
	workspace TEXT NOT NULL,
	member_id TEXT NOT NULL,
	agent TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	token_id TEXT NOT NULL,
	issued_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	previous_token_id TEXT,
	previous_until INTEGER,
	token_seen_at INTEGER,
	last_seen_at INTEGER,
	revoked_at INTEGER
);
CREATE INDEX IF NOT EXISTS sessions_member ON sessions (member_id);
ALTER TABLE invites ADD COLUMN cancelled_at INTEGER;
`,
	// Photos: image bytes by content hash, per workspace, never changed or deleted through the API
	// (sync-server/blobs/store.ts). `data` last: summing `bytes` for the quota never reads it.
	`
CREATE TABLE IF NOT EXISTS blobs (
	workspace TEXT NOT NULL,
	hash TEXT NOT NULL,
	type TEXT NOT NULL,
	bytes INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	data BLOB NOT NULL,
	PRIMARY KEY (workspace, hash)
);
`,
	// Device numbers: each device session of a workspace gets the next number of one sequence, its
	// hazard number space (`deviceCode(n)`, src/lib/model/hazard-number.ts). Existing sessions are
	// numbered in creation order. Sessions are never deleted, so a number is never given twice.
	`
ALTER TABLE sessions ADD COLUMN device INTEGER;
${NUMBER_DEVICES}
CREATE UNIQUE INDEX IF NOT EXISTS sessions_device ON sessions (workspace, device);
`
];

/** The account schema version this code reads and writes. */
export const ACCOUNTS_VERSION = MIGRATIONS.length;

/**
 * Opens `file` for the server or the admin CLI, which may both have it open at once: WAL lets the
 * CLI read while the server writes, and a busy timeout makes either wait for the other's commit.
 */
export function openDatabase(file: string): Database.Database {
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.pragma('busy_timeout = 5000');
	return db;
}

export function schemaVersion(db: Database.Database): number {
	return db.pragma('user_version', { simple: true }) as number;
}

/** Brings `db` to the current schema: document tables, then account migrations. */
export function migrate(db: Database.Database): void {
	createDocumentTables(db);
	if (schemaVersion(db) === ACCOUNTS_VERSION) return;
	// IMMEDIATE: a server and a CLI starting together must not both run the same migration.
	db.transaction(() => {
		const from = schemaVersion(db);
		if (from > ACCOUNTS_VERSION) {
			throw new Error(`database schema ${from} is newer than this server (${ACCOUNTS_VERSION})`);
		}
		for (const sql of MIGRATIONS.slice(from)) db.exec(sql);
		db.pragma(`user_version = ${ACCOUNTS_VERSION}`);
	}).immediate();
}
