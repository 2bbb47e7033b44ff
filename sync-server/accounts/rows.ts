import type Database from 'better-sqlite3';
import { normalizeName } from './names.ts';
import { AccountError } from './types.ts';
import type { Invite, Member, Workspace } from './types.ts';
import type { Role } from '../../src/lib/model/permissions.ts';

/** Row shapes as SQLite returns them, and their conversion to the API's camelCase types. */
export interface WorkspaceRow {
	id: string;
	name: string;
	created_at: number;
	generation: number;
}

export interface MemberRow {
	id: string;
	workspace: string;
	name: string;
	role: Role;
	created_at: number;
	revoked_at: number | null;
}

export interface InviteRow {
	code: string;
	workspace: string;
	role: Role;
	created_by: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
	used_by: string | null;
	cancelled_at: number | null;
}

export const toWorkspace = (row: WorkspaceRow): Workspace => ({
	id: row.id,
	name: row.name,
	createdAt: row.created_at,
	generation: row.generation
});

export const toMember = (row: MemberRow): Member => ({
	id: row.id,
	workspace: row.workspace,
	name: row.name,
	role: row.role,
	createdAt: row.created_at,
	revokedAt: row.revoked_at
});

export const toInvite = (row: InviteRow): Invite => ({
	code: row.code,
	workspace: row.workspace,
	role: row.role,
	createdBy: row.created_by,
	createdAt: row.created_at,
	expiresAt: row.expires_at,
	usedAt: row.used_at,
	usedBy: row.used_by
});

/** Prepared statements, prepared once per SQL text: auth runs on every connection. */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
	const cache = new Map<string, Database.Statement>();
	return (sql) => {
		let statement = cache.get(sql);
		if (statement === undefined) {
			statement = db.prepare(sql);
			cache.set(sql, statement);
		}
		return statement;
	};
}

/**
 * `value` normalised (see names.ts), if that leaves 1–`max` characters. Normalising removes control
 * characters, which would let a name break a log line or a terminal.
 */
export function requireName(value: unknown, max: number, what = 'name'): string {
	const name = typeof value === 'string' ? normalizeName(value) : '';
	const length = [...name].length;
	if (length < 1 || length > max) {
		throw new AccountError('invalid_name', `${what} must be 1–${max} characters`);
	}
	return name;
}
