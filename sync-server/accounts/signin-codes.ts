import type Database from 'better-sqlite3';
import { newSigninCode, normalizeInviteCode } from './codes.ts';
import { AccountError, type Member, type SigninCode, type Workspace } from './types.ts';

interface SigninCodeRow {
	code: string;
	workspace: string;
	member_id: string;
	created_by: string;
	created_at: number;
	expires_at: number;
	used_at: number | null;
}

const toSigninCode = (row: SigninCodeRow): SigninCode => ({
	code: row.code,
	workspace: row.workspace,
	memberId: row.member_id,
	createdBy: row.created_by,
	createdAt: row.created_at,
	expiresAt: row.expires_at,
	usedAt: row.used_at
});

export interface SigninCodesContext {
	sql: (sql: string) => Database.Statement;
	now: () => number;
	/** How long a code can be redeemed. */
	lifetimeMs: number;
	member: (id: string) => Member | null;
	workspace: (id: string) => Workspace | null;
}

/** A usable sign-in code with whom it signs in. */
export interface UsableSigninCode {
	code: SigninCode;
	member: Member;
	workspace: Workspace;
}

/**
 * One-time sign-in codes: the way back for a member whose device lost its token (signed out, new
 * phone). Made by a leader or the office, single use, short-lived; the caller runs `use` inside a
 * transaction so two devices redeeming one code at once cannot both get in.
 */
export class SigninCodes {
	readonly #context: SigninCodesContext;

	constructor(context: SigninCodesContext) {
		this.#context = context;
	}

	/** A new code for `memberId` of `workspace`, who must be a current member. */
	create(workspace: string, memberId: string, createdBy: string): SigninCode {
		const member = this.#context.member(memberId);
		if (member === null || member.workspace !== workspace) {
			throw new AccountError('member_not_found', `no member ${memberId} in ${workspace}`);
		}
		if (member.revokedAt !== null) throw new AccountError('revoked', 'this member has been removed');
		const now = this.#context.now();
		const code = newSigninCode();
		this.#context
			.sql(
				`INSERT INTO signin_codes (code, workspace, member_id, created_by, created_at, expires_at)
				VALUES (?, ?, ?, ?, ?, ?)`
			)
			.run(code, workspace, memberId, createdBy, now, now + this.#context.lifetimeMs);
		return this.#find(code) as SigninCode;
	}

	/**
	 * The code as typed, if it is a sign-in code at all (null otherwise); throws why it cannot be
	 * used: used, expired, or its member revoked since.
	 */
	check(typed: string): UsableSigninCode | null {
		const code = this.#find(normalizeInviteCode(typed));
		const workspace = code === null ? null : this.#context.workspace(code.workspace);
		if (code === null || workspace === null) return null;
		if (code.usedAt !== null) throw new AccountError('signin_code_used', 'this sign-in code has been used');
		if (code.expiresAt <= this.#context.now())
			throw new AccountError('signin_code_expired', 'this sign-in code has expired');
		const member = this.#context.member(code.memberId);
		if (member === null || member.workspace !== workspace.id || member.revokedAt !== null) {
			throw new AccountError('revoked', 'this member has been removed from the workspace');
		}
		return { code, member, workspace };
	}

	/** Checks and marks the code used; call inside an immediate transaction. */
	use(typed: string): UsableSigninCode {
		const usable = this.check(typed);
		if (usable === null) throw new AccountError('signin_code_not_found', 'no such sign-in code');
		this.#context
			.sql('UPDATE signin_codes SET used_at = ? WHERE code = ?')
			.run(this.#context.now(), usable.code.code);
		return usable;
	}

	#find(code: string): SigninCode | null {
		const row = this.#context.sql('SELECT * FROM signin_codes WHERE code = ?').get(code) as
			SigninCodeRow | undefined;
		return row === undefined ? null : toSigninCode(row);
	}
}
