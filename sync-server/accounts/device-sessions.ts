import type Database from 'better-sqlite3';
import type { DeviceSession } from '../../src/lib/api/types.ts';
import { tokenFor } from './sessions.ts';
import { newTokenId, type TokenPayload } from './tokens.ts';
import { AccountError, type IssuedToken, type Member } from './types.ts';

interface SessionRow {
	id: string;
	workspace: string;
	member_id: string;
	agent: string;
	created_at: number;
	token_id: string;
	issued_at: number;
	expires_at: number;
	previous_token_id: string | null;
	previous_until: number | null;
	token_seen_at: number | null;
	last_seen_at: number | null;
	revoked_at: number | null;
	/** The device's number in its workspace (schema.ts); its hazard number space is `deviceCode(device)`. */
	device: number;
}

/** A device session as stored, with the member it belongs to. */
export interface StoredSession extends Omit<DeviceSession, 'device'> {
	workspace: string;
	memberId: string;
	/** The device number (schema.ts); the API shows it with its code. */
	device: number;
}

const toSession = (row: SessionRow): StoredSession => ({
	id: row.id,
	workspace: row.workspace,
	memberId: row.member_id,
	agent: row.agent,
	createdAt: row.created_at,
	expiresAt: row.expires_at,
	lastSeenAt: row.last_seen_at,
	revokedAt: row.revoked_at,
	device: row.device
});

/** The next device number of the session's workspace, read in the statement that inserts it. */
const NEXT_DEVICE = '(SELECT COALESCE(MAX(device), 0) + 1 FROM sessions WHERE workspace = ?)';

/** What a verified token's session is: its id and its device number. */
export interface CheckedSession {
	id: string;
	device: number;
}

/** `last_seen_at` is written at most this often per session, so checking a token rarely writes. */
const SEEN_EVERY_MS = 10 * 60_000;
/** A User-Agent is kept only to tell devices apart in the list. */
const AGENT_MAX = 160;

export interface DeviceSessionsContext {
	sql: (sql: string) => Database.Statement;
	now: () => number;
	secret: Buffer;
	/** How long a replaced token keeps working after a refresh (requests already in flight). */
	replacedGraceMs: number;
}

/**
 * One row per device sign-in (an invite redeemed, a CLI token, a sign-in code). A token names its
 * session and the session names its one current token: a refresh replaces the token, so a copy of
 * the old one stops working, and revoking the session ends that device alone.
 */
export class DeviceSessions {
	readonly #context: DeviceSessionsContext;

	constructor(context: DeviceSessionsContext) {
		this.#context = context;
	}

	/**
	 * Opens a session for `member` and returns its first token. The session takes the next device
	 * number of the workspace in the same statement, so two sign-ins at once never share one.
	 */
	create(member: Member, lifetimeMs: number, agent: string): IssuedToken {
		const now = this.#context.now();
		const claims = { sid: newTokenId(), jti: newTokenId(), ...span(now, lifetimeMs) };
		this.#context
			.sql(
				`INSERT INTO sessions (id, workspace, member_id, agent, created_at, token_id, issued_at, expires_at,
					last_seen_at, device) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ${NEXT_DEVICE})`
			)
			.run(
				claims.sid,
				member.workspace,
				member.id,
				cleanAgent(agent),
				now,
				claims.jti,
				claims.iat,
				claims.exp * 1000,
				now,
				member.workspace
			);
		return { ...tokenFor(this.#context.secret, member, claims), device: this.#device(claims.sid) };
	}

	/**
	 * The session id of a token whose signature and member were checked. Throws `revoked` for a
	 * revoked (or vanished) session and `expired` for a token a refresh replaced, which sends a
	 * client to refresh: our client then finds the newer token another tab saved.
	 *
	 * The replaced token works for everything during the grace period. After it, it still works
	 * for `refresh` (which hands out the current token again) until the current token is first
	 * used: a device whose refresh answer was lost on a bad network is not locked out, while a copy
	 * of a replaced token is worthless once the device has moved on.
	 */
	check(payload: TokenPayload, refresh = false): CheckedSession {
		const row = this.#row(payload.sid ?? payload.jti) ?? this.#adoptLegacy(payload);
		if (row === null || row.member_id !== payload.mid) {
			throw new AccountError('revoked', 'this device has been signed out');
		}
		if (row.revoked_at !== null) throw new AccountError('revoked', 'this device has been signed out');
		const now = this.#context.now();
		const current = payload.jti === row.token_id;
		const previous = payload.jti === row.previous_token_id;
		const inGrace = previous && now < (row.previous_until ?? 0);
		const undelivered = previous && refresh && row.token_seen_at === null;
		if (!current && !inGrace && !undelivered)
			throw new AccountError('expired', 'a refresh replaced this token');
		if (current && row.token_seen_at === null) {
			this.#context.sql('UPDATE sessions SET token_seen_at = ? WHERE id = ?').run(now, row.id);
		}
		if (now - (row.last_seen_at ?? 0) >= SEEN_EVERY_MS) {
			this.#context.sql('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now, row.id);
		}
		return { id: row.id, device: row.device };
	}

	/**
	 * A new token for the session, replacing the presented one; the replaced token keeps working
	 * for the grace period. Presenting the replaced token (as `check` allows it) returns the current
	 * one instead of replacing it again, so two tabs (or a retried request) refreshing with the same
	 * token both end up with the same new token. Call after `check`, in an immediate transaction.
	 * The session keeps its device number.
	 */
	refresh(member: Member, payload: TokenPayload, lifetimeMs: number): IssuedToken {
		const row = this.#row(payload.sid ?? payload.jti);
		if (row === null) throw new AccountError('revoked', 'this device has been signed out');
		if (payload.jti !== row.token_id) {
			const claims = { sid: row.id, jti: row.token_id, iat: row.issued_at, exp: row.expires_at / 1000 };
			return { ...tokenFor(this.#context.secret, member, claims), device: row.device };
		}
		const now = this.#context.now();
		const claims = { sid: row.id, jti: newTokenId(), ...span(now, lifetimeMs) };
		this.#context
			.sql(
				`UPDATE sessions SET previous_token_id = token_id, previous_until = ?, token_id = ?, issued_at = ?,
					expires_at = ?, last_seen_at = ?, token_seen_at = NULL WHERE id = ?`
			)
			.run(now + this.#context.replacedGraceMs, claims.jti, claims.iat, claims.exp * 1000, now, row.id);
		return { ...tokenFor(this.#context.secret, member, claims), device: row.device };
	}

	/** The member's sessions that are not revoked and expired less than `windowMs` ago, newest first. */
	list(memberId: string, windowMs: number): StoredSession[] {
		const rows = this.#context
			.sql(
				`SELECT * FROM sessions WHERE member_id = ? AND revoked_at IS NULL AND expires_at > ?
				ORDER BY created_at DESC, rowid DESC LIMIT 100`
			)
			.all(memberId, this.#context.now() - windowMs) as SessionRow[];
		return rows.map(toSession);
	}

	get(id: string): StoredSession | null {
		const row = this.#row(id);
		return row === null ? null : toSession(row);
	}

	/** Revokes one session; revoking twice keeps the first time. */
	revoke(id: string): void {
		this.#context
			.sql('UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
			.run(this.#context.now(), id);
	}

	/** Those of `ids` that are revoked sessions (for the watch that closes their sockets). */
	revokedAmong(ids: readonly string[]): string[] {
		if (ids.length === 0) return [];
		return this.#context
			.sql('SELECT id FROM sessions WHERE revoked_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))')
			.pluck()
			.all(JSON.stringify(ids)) as string[];
	}

	#device(id: string): number {
		const device = this.#row(id)?.device;
		if (device === undefined) throw new Error(`session ${id} has no device number`);
		return device;
	}

	#row(id: string): SessionRow | null {
		return (
			(this.#context.sql('SELECT * FROM sessions WHERE id = ?').get(id) as SessionRow | undefined) ?? null
		);
	}

	/**
	 * A token signed before sessions existed (no `sid`) gets a session named by its `jti` on first
	 * use, so it can be listed, revoked and refreshed like any other; it still expires as signed.
	 */
	#adoptLegacy(payload: TokenPayload): SessionRow | null {
		if (payload.sid !== undefined) return null;
		this.#context
			.sql(
				`INSERT OR IGNORE INTO sessions (id, workspace, member_id, created_at, token_id, issued_at, expires_at,
					device) VALUES (?, ?, ?, ?, ?, ?, ?, ${NEXT_DEVICE})`
			)
			.run(
				payload.jti,
				payload.ws,
				payload.mid,
				payload.iat * 1000,
				payload.jti,
				payload.iat,
				payload.exp * 1000,
				payload.ws
			);
		return this.#row(payload.jti);
	}
}

function span(now: number, lifetimeMs: number): { iat: number; exp: number } {
	const iat = Math.floor(now / 1000);
	return { iat, exp: iat + Math.max(1, Math.floor(lifetimeMs / 1000)) };
}

// Control and format characters would let an agent string break a log line or a list.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\p{Cf}]/gu;

function cleanAgent(agent: string): string {
	return agent.replace(UNPRINTABLE, '').slice(0, AGENT_MAX);
}
