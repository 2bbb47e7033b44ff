import type Database from 'better-sqlite3';
import type { InviteListing } from '../../src/lib/api/types.ts';
import { normalizeInviteCode } from './codes.ts';
import type { InviteRow } from './rows.ts';
import { AccountError } from './types.ts';

type Sql = (sql: string) => Database.Statement;

function status(row: InviteRow, now: number): InviteListing['status'] {
	if (row.used_at !== null) return 'used';
	if (row.cancelled_at !== null) return 'cancelled';
	return row.expires_at <= now ? 'expired' : 'pending';
}

const toListing = (row: InviteRow & { used_by_name: string | null }, now: number): InviteListing => ({
	code: row.code,
	role: row.role,
	createdAt: row.created_at,
	expiresAt: row.expires_at,
	status: status(row, now),
	usedAt: row.used_at,
	usedByName: row.used_by_name
});

const SELECT = `SELECT i.*, m.name AS used_by_name FROM invites i LEFT JOIN members m ON m.id = i.used_by`;

/**
 * The workspace's invites, newest first: a link sent to the wrong chat can be found and cancelled.
 * Codes are listed because only leaders and the office may list them, who could make new ones.
 */
export function listInvites(sql: Sql, workspace: string, now: number): InviteListing[] {
	const rows = sql(`${SELECT} WHERE i.workspace = ? ORDER BY i.created_at DESC, i.rowid DESC LIMIT 200`).all(
		workspace
	) as (InviteRow & { used_by_name: string | null })[];
	return rows.map((row) => toListing(row, now));
}

/** Cancels an unused invite; a used one stays used (its member is revoked separately). */
export function cancelInvite(sql: Sql, workspace: string, typed: string, now: number): InviteListing {
	const code = normalizeInviteCode(typed);
	const find = () =>
		sql(`${SELECT} WHERE i.code = ? AND i.workspace = ?`).get(code, workspace) as
			(InviteRow & { used_by_name: string | null }) | undefined;
	const row = find();
	if (row === undefined) throw new AccountError('invite_not_found', 'no such invite in this workspace');
	if (row.used_at !== null) throw new AccountError('invite_used', 'this invite has been used');
	sql('UPDATE invites SET cancelled_at = ? WHERE code = ? AND cancelled_at IS NULL').run(now, code);
	return toListing(find() ?? row, now);
}
