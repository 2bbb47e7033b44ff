import type { MemberRow } from '../../src/lib/api/types.ts';
import type { Role } from '../../src/lib/model/permissions.ts';

/** One school. `generation` grows on every restore, so running servers know to reload its rooms. */
export interface Workspace {
	id: string;
	name: string;
	/** Epoch milliseconds. */
	createdAt: number;
	generation: number;
}

/** A member as stored: the API's row plus the workspace it belongs to. */
export interface Member extends MemberRow {
	workspace: string;
}

export interface Invite {
	code: string;
	workspace: string;
	role: Role;
	createdBy: string;
	/** Epoch milliseconds, like every time here. */
	createdAt: number;
	expiresAt: number;
	usedAt: number | null;
	usedBy: string | null;
}

/** A one-time sign-in code for an existing member, as stored. */
export interface SigninCode {
	code: string;
	workspace: string;
	memberId: string;
	createdBy: string;
	createdAt: number;
	expiresAt: number;
	usedAt: number | null;
}

/** A verified token: who holds it, in which workspace, until when (epoch milliseconds). */
export interface Session {
	member: Member;
	workspace: Workspace;
	expiresAt: number;
	/** The device session the token belongs to. */
	sessionId: string;
	/** That session's device number in the workspace: its hazard number space is `deviceCode(device)`. */
	device: number;
}

/** A signed token and when it stops working (epoch milliseconds). */
export interface IssuedToken {
	token: string;
	expiresAt: number;
	/** The device number of the token's session (see `Session.device`). */
	device: number;
}

export type { AuditEntry } from '../../src/lib/api/types.ts';

/**
 * Why an account operation failed, as a stable code. The HTTP API maps codes to statuses and the
 * admin CLI prints them, so the codes are part of the contract: do not rename them.
 */
export type AccountErrorCode =
	| 'unauthorized'
	| 'expired'
	| 'revoked'
	| 'forbidden'
	| 'invalid_name'
	| 'invalid_role'
	| 'invalid_workspace'
	| 'invalid_document'
	| 'invalid_backup'
	| 'workspace_exists'
	| 'workspace_not_found'
	| 'member_not_found'
	| 'invite_not_found'
	| 'invite_used'
	| 'invite_expired'
	| 'signin_code_not_found'
	| 'signin_code_used'
	| 'signin_code_expired'
	| 'code_not_found'
	| 'invite_cancelled'
	| 'session_not_found'
	| 'name_taken'
	| 'rate_limited'
	| 'cannot_revoke_self';

export class AccountError extends Error {
	constructor(
		readonly code: AccountErrorCode,
		message: string
	) {
		super(message);
		this.name = 'AccountError';
	}
}
