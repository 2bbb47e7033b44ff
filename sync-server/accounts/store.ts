import type Database from 'better-sqlite3';
import { isValidId, parseRoom, roomName } from '../../src/lib/model/documents.ts';
import { WORKSPACE_NAME_MAX } from '../../src/lib/model/meta.ts';
import { isRole, type Role } from '../../src/lib/model/permissions.ts';
import { BlobStore } from '../blobs/store.ts';
import type { ViolationEntry } from '../../src/lib/api/types.ts';
import { SqliteStorage, createPrivateDatabase } from '../storage/sqlite.ts';
import { backupWorkspace, restoreWorkspace, type BackupResult, type RestoreResult } from './backup.ts';
import { newInviteCode, newMemberId, newWorkspaceId, normalizeInviteCode } from './codes.ts';
import { requireName, statementCache, toInvite, toMember, toWorkspace } from './rows.ts';
import type { InviteRow, MemberRow, WorkspaceRow } from './rows.ts';
import { cancelInvite, listInvites } from './invites.ts';
import { nameKey } from './names.ts';
import { migrate, openDatabase } from './schema.ts';
import { loadSecret } from './secret.ts';
import { SYSTEM_MEMBER, workspaceSeeds } from './seed.ts';
import { DeviceSessions, type StoredSession } from './device-sessions.ts';
import { checkExpiry, verifySignedToken } from './sessions.ts';
import { SigninCodes, type UsableSigninCode } from './signin-codes.ts';
import type { TokenPayload } from './tokens.ts';
import { AccountError, type AuditEntry, type Invite, type IssuedToken, type Member } from './types.ts';
import type { InviteListing } from '../../src/lib/api/types.ts';
import type { Session, SigninCode, Workspace } from './types.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
export const MEMBER_NAME_MAX = 40;

export interface AccountStoreOptions {
	/** How long a token works. Default 30 days. */
	tokenLifetimeMs?: number;
	/** How long an invite can be redeemed. Default 7 days. */
	inviteLifetimeMs?: number;
	/** How long a sign-in code for an existing member can be redeemed. Default 24 hours. */
	signinCodeLifetimeMs?: number;
	/**
	 * How long after expiry `refresh` still accepts a token, so a phone left in a drawer for a week
	 * recovers by itself; longer than that it needs a new invite or sign-in code. Default 7 days.
	 */
	refreshWindowMs?: number;
	/**
	 * How long the token a refresh replaced keeps working: requests already in flight with it, and
	 * a second tab refreshing with it (which gets the same new token). Default 10 seconds.
	 */
	replacedTokenGraceMs?: number;
	/** The clock, in epoch milliseconds; tests move it. Default `Date.now`. */
	now?: () => number;
}

/**
 * Workspaces, members, invites and tokens, in `<dataDir>/xiaoan.sqlite` next to the documents.
 * The server and the admin CLI each open one; every method is a short synchronous transaction.
 */
/** What a code typed into the welcome page is, once checked (see `describeCode`). */
export type CodeDescription =
	{ kind: 'invite'; invite: Invite; workspace: Workspace } | ({ kind: 'signin' } & UsableSigninCode);

export class AccountStore {
	readonly #db: Database.Database;
	readonly #signinCodes: SigninCodes;
	readonly #documents: SqliteStorage;
	readonly #sql: (sql: string) => Database.Statement;
	readonly #secret: Buffer;
	readonly #now: () => number;
	readonly #options: Required<Omit<AccountStoreOptions, 'now'>>;
	readonly #sessions: DeviceSessions;
	/** The workspaces' photos, in the same database (and so in their backups). */
	readonly blobs: BlobStore;

	constructor(dataDir: string, options: AccountStoreOptions = {}) {
		this.#db = openDatabase(createPrivateDatabase(dataDir));
		migrate(this.#db);
		this.#documents = new SqliteStorage(dataDir, { database: this.#db });
		this.#sql = statementCache(this.#db);
		this.#secret = loadSecret(dataDir);
		this.#now = options.now ?? Date.now;
		this.#options = {
			tokenLifetimeMs: options.tokenLifetimeMs ?? 30 * DAY_MS,
			inviteLifetimeMs: options.inviteLifetimeMs ?? 7 * DAY_MS,
			signinCodeLifetimeMs: options.signinCodeLifetimeMs ?? DAY_MS,
			refreshWindowMs: options.refreshWindowMs ?? 7 * DAY_MS,
			replacedTokenGraceMs: options.replacedTokenGraceMs ?? 10_000
		};
		this.#signinCodes = new SigninCodes({
			sql: this.#sql,
			now: this.#now,
			lifetimeMs: this.#options.signinCodeLifetimeMs,
			member: (id) => this.member(id),
			workspace: (id) => this.workspace(id)
		});
		this.#sessions = new DeviceSessions({
			sql: this.#sql,
			now: this.#now,
			secret: this.#secret,
			replacedGraceMs: this.#options.replacedTokenGraceMs
		});
		this.blobs = new BlobStore(this.#db, this.#sql, this.#now);
	}

	/** Creates a workspace with its `meta` and `duty` documents seeded, in one transaction. */
	createWorkspace(input: { name: string; id?: string }): Workspace {
		const name = requireName(input.name, WORKSPACE_NAME_MAX, 'workspace name');
		const id = input.id ?? newWorkspaceId();
		if (!isValidId(id)) throw new AccountError('invalid_workspace', 'workspace id: 1–64 of A-Z a-z 0-9 _ -');
		const now = this.#now();
		return this.#db.transaction(() => {
			if (this.workspace(id) !== null) throw new AccountError('workspace_exists', `workspace ${id} exists`);
			this.#sql('INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)').run(id, name, now);
			for (const { document, update } of workspaceSeeds(name, now)) {
				this.#documents.append(roomName(id, document), update, { memberId: SYSTEM_MEMBER, at: now });
			}
			return this.requireWorkspace(id);
		})();
	}

	workspace(id: string): Workspace | null {
		const row = this.#sql('SELECT * FROM workspaces WHERE id = ?').get(id) as WorkspaceRow | undefined;
		return row === undefined ? null : toWorkspace(row);
	}

	requireWorkspace(id: string): Workspace {
		const workspace = this.workspace(id);
		if (workspace === null) throw new AccountError('workspace_not_found', `no workspace ${id}`);
		return workspace;
	}

	hasWorkspaces(): boolean {
		return this.#sql('SELECT 1 FROM workspaces LIMIT 1').get() !== undefined;
	}

	/** Every workspace's restore generation, for the server's watch loop. */
	generations(): Map<string, number> {
		const rows = this.#sql('SELECT id, generation FROM workspaces').all() as WorkspaceRow[];
		return new Map(rows.map((row) => [row.id, row.generation]));
	}

	addMember(workspace: string, name: string, role: Role): Member {
		const memberName = requireName(name, MEMBER_NAME_MAX);
		if (!isRole(role)) throw new AccountError('invalid_role', `unknown role ${String(role)}`);
		this.requireWorkspace(workspace);
		if (this.activeMemberNamed(workspace, memberName) !== null) {
			throw new AccountError('name_taken', 'a member of this workspace already has this name');
		}
		const id = newMemberId();
		this.#sql('INSERT INTO members (id, workspace, name, role, created_at) VALUES (?, ?, ?, ?, ?)').run(
			id,
			workspace,
			memberName,
			role,
			this.#now()
		);
		return this.#requireMember(id);
	}

	/**
	 * The unrevoked member of `workspace` whose name matches `name` ignoring case and spaces (names
	 * are unique among them, so nobody can pose as a colleague), or null. A revoked member's name
	 * is free again: a person who lost their phone is often invited anew.
	 */
	activeMemberNamed(workspace: string, name: string): Member | null {
		const key = nameKey(name);
		return this.members(workspace).find((m) => m.revokedAt === null && nameKey(m.name) === key) ?? null;
	}

	member(id: string): Member | null {
		const row = this.#sql('SELECT * FROM members WHERE id = ?').get(id) as MemberRow | undefined;
		return row === undefined ? null : toMember(row);
	}

	members(workspace: string): Member[] {
		const rows = this.#sql('SELECT * FROM members WHERE workspace = ? ORDER BY created_at, rowid').all(
			workspace
		) as MemberRow[];
		return rows.map(toMember);
	}

	/** Revokes a member of `workspace`; revoking twice keeps the first time. */
	revokeMember(workspace: string, memberId: string): Member {
		const member = this.member(memberId);
		if (member === null || member.workspace !== workspace) {
			throw new AccountError('member_not_found', `no member ${memberId} in ${workspace}`);
		}
		this.#sql('UPDATE members SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(
			this.#now(),
			memberId
		);
		return this.#requireMember(memberId);
	}

	/**
	 * Those of `ids` that are revoked members. Ids that are no member at all are not reported: a
	 * server with another `authenticate` has ids like `anonymous`, and a restore (the only way
	 * members vanish) reconnects every socket of the workspace anyway.
	 */
	revokedAmong(ids: readonly string[]): string[] {
		if (ids.length === 0) return [];
		return this.#sql(
			'SELECT id FROM members WHERE revoked_at IS NOT NULL AND id IN (SELECT value FROM json_each(?))'
		)
			.pluck()
			.all(JSON.stringify(ids)) as string[];
	}

	createInvite(workspace: string, role: Role, createdBy: string): Invite {
		if (!isRole(role)) throw new AccountError('invalid_role', `unknown role ${String(role)}`);
		this.requireWorkspace(workspace);
		const now = this.#now();
		const code = newInviteCode();
		this.#sql(
			'INSERT INTO invites (code, workspace, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'
		).run(code, workspace, role, createdBy, now, now + this.#options.inviteLifetimeMs);
		return toInvite(this.#sql('SELECT * FROM invites WHERE code = ?').get(code) as InviteRow);
	}

	/** Redeems a single-use invite: creates the member and marks the invite used, atomically. */
	join(code: string, name: string): { member: Member; workspace: Workspace } {
		const memberName = requireName(name, MEMBER_NAME_MAX);
		const now = this.#now();
		return this.#db
			.transaction(() => {
				const { invite, workspace } = this.#usableInvite(code);
				const member = this.addMember(workspace.id, memberName, invite.role);
				this.#sql('UPDATE invites SET used_at = ?, used_by = ? WHERE code = ?').run(
					now,
					member.id,
					invite.code
				);
				return { member, workspace };
			})
			.immediate();
	}

	/** A one-time sign-in code for an existing, unrevoked member (who may check is the caller's rule). */
	createSigninCode(workspace: string, memberId: string, createdBy: string): SigninCode {
		return this.#signinCodes.create(workspace, memberId, createdBy);
	}

	/** Redeems a sign-in code: marks it used and returns whom it signs in, atomically. */
	signIn(code: string): { member: Member; workspace: Workspace } {
		return this.#db.transaction(() => this.#signinCodes.use(code)).immediate();
	}

	/**
	 * What `code` is (an invite or a sign-in code) without using it, so the welcome page can ask
	 * for a name or offer to sign in, or say at once why the code does not work.
	 */
	describeCode(code: string): CodeDescription {
		const signin = this.#signinCodes.check(code);
		if (signin !== null) return { kind: 'signin', ...signin };
		try {
			return { kind: 'invite', ...this.#usableInvite(code) };
		} catch (error) {
			if (error instanceof AccountError && error.code === 'invite_not_found')
				throw new AccountError('code_not_found', 'no such invite or sign-in code');
			throw error;
		}
	}

	#usableInvite(code: string): { invite: Invite; workspace: Workspace } {
		const row = this.#sql('SELECT * FROM invites WHERE code = ?').get(normalizeInviteCode(code)) as
			InviteRow | undefined;
		const workspace = row === undefined ? null : this.workspace(row.workspace);
		if (row === undefined || workspace === null) throw new AccountError('invite_not_found', 'no such invite');
		if (row.used_at !== null) throw new AccountError('invite_used', 'this invite has been used');
		if (row.cancelled_at !== null) throw new AccountError('invite_cancelled', 'this invite was cancelled');
		if (row.expires_at <= this.#now()) throw new AccountError('invite_expired', 'this invite has expired');
		return { invite: toInvite(row), workspace };
	}

	/**
	 * Opens a device session for `member` and returns its first token. `lifetimeMs` defaults to the
	 * store's token lifetime; `agent` (the User-Agent) helps tell the devices apart in the list.
	 */
	issueToken(member: Member, lifetimeMs = this.#options.tokenLifetimeMs, agent = ''): IssuedToken {
		return this.#sessions.create(member, lifetimeMs, agent);
	}

	/**
	 * The session behind `token`, or an `AccountError`: `unauthorized` (malformed or forged),
	 * `revoked` (member or device session revoked, or gone), `expired` (also: replaced by a
	 * refresh). With `refresh`, a token expired less than the refresh window ago still passes.
	 */
	verifyToken(token: string, options: { refresh?: boolean } = {}): Session {
		return this.#verify(token, options.refresh === true).session;
	}

	/** A new token replacing `token` (see `DeviceSessions.refresh`); also for one expired within the refresh window. */
	refreshToken(token: string): Session & IssuedToken {
		return this.#db
			.transaction(() => {
				const { session, payload } = this.#verify(token, true);
				const issued = this.#sessions.refresh(session.member, payload, this.#options.tokenLifetimeMs);
				return { ...session, ...issued };
			})
			.immediate();
	}

	/** A member's device sessions that still work or can still be refreshed, newest first. */
	sessions(memberId: string): StoredSession[] {
		return this.#sessions.list(memberId, this.#options.refreshWindowMs);
	}

	session(id: string): StoredSession | null {
		return this.#sessions.get(id);
	}

	/** Ends one device session of `workspace`: its tokens stop working, refresh included. */
	revokeSession(workspace: string, id: string): StoredSession {
		const session = this.#sessions.get(id);
		if (session === null || session.workspace !== workspace) {
			throw new AccountError('session_not_found', `no session ${id} in ${workspace}`);
		}
		this.#sessions.revoke(id);
		return this.#sessions.get(id) ?? session;
	}

	/** Those of `ids` that are revoked device sessions. */
	revokedSessionsAmong(ids: readonly string[]): string[] {
		return this.#sessions.revokedAmong(ids);
	}

	/**
	 * Whether a socket's member and device session may still write: checked before each update is
	 * stored, so a revocation by the admin CLI (another process) takes effect at the next write,
	 * not at the next poll. Two primary-key lookups in one prepared statement.
	 */
	mayStillWrite(memberId: string, sessionId: string | undefined): boolean {
		const row = this.#sql(
			`SELECT m.revoked_at IS NULL AND (s.id IS NULL OR s.revoked_at IS NULL) AS ok
			FROM members m LEFT JOIN sessions s ON s.id = ? WHERE m.id = ?`
		).get(sessionId ?? null, memberId) as { ok: number } | undefined;
		return row?.ok === 1;
	}

	/** Every invite of `workspace`, newest first, with its state; see invites.ts. */
	invites(workspace: string): InviteListing[] {
		return listInvites(this.#sql, workspace, this.#now());
	}

	/** Cancels an unused invite of `workspace` (idempotent); returns it as it now is. */
	cancelInvite(workspace: string, code: string): InviteListing {
		return cancelInvite(this.#sql, workspace, code, this.#now());
	}

	/** Who wrote `document` of `workspace`, newest first. */
	audit(workspace: string, document: string, limit: number): AuditEntry[] {
		const parsed = parseRoom(`${workspace}/${document}`);
		if (parsed === null || parsed.workspace !== workspace) {
			throw new AccountError('invalid_document', `not a document: ${document.slice(0, 80)}`);
		}
		return this.#sql(
			`SELECT a.seq AS seq, a.member_id AS memberId, COALESCE(m.name, a.member_id) AS memberName,
				a.at AS at, a.bytes AS bytes
			FROM audit a LEFT JOIN members m ON m.id = a.member_id
			WHERE a.room = ? ORDER BY a.seq DESC LIMIT ?`
		).all(roomName(workspace, parsed.document), limit) as AuditEntry[];
	}

	/** Attempts to break a rule inside a document of `workspace`, newest first (sync-server/violations.ts). */
	violations(workspace: string, limit: number): ViolationEntry[] {
		return this.#documents.violations(workspace, limit);
	}

	/** Writes `workspace` to a standalone SQLite file; see backup.ts. */
	backup(workspace: string, file: string): BackupResult {
		this.requireWorkspace(workspace);
		return backupWorkspace(this.#db, workspace, file);
	}

	/** Replaces a workspace with the one in `file` and bumps its generation; see backup.ts. */
	restore(file: string): RestoreResult {
		return restoreWorkspace(this.#db, file);
	}

	close(): void {
		if (this.#db.open) this.#db.close();
	}

	#verify(token: string, refresh: boolean): { session: Session; payload: TokenPayload } {
		const { payload, member, workspace } = verifySignedToken(this.#secret, token, {
			member: (id) => this.member(id),
			workspace: (id) => this.workspace(id)
		});
		const { id: sessionId, device } = this.#sessions.check(payload, refresh);
		const graceMs = refresh ? this.#options.refreshWindowMs : 0;
		const expiresAt = checkExpiry(payload, this.#now(), graceMs);
		return { session: { member, workspace, expiresAt, sessionId, device }, payload };
	}

	#requireMember(id: string): Member {
		const member = this.member(id);
		if (member === null) throw new AccountError('member_not_found', `no member ${id}`);
		return member;
	}
}
