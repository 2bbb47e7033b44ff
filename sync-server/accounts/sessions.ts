import { AccountError, type IssuedToken, type Member, type Workspace } from './types.ts';
import { readToken, signToken, type TokenPayload } from './tokens.ts';

/** The claims that differ from one token to the next; times in seconds, as in the payload. */
export interface TokenClaims {
	sid: string;
	jti: string;
	iat: number;
	exp: number;
}

/** Signs a token for `member` with `claims`. Deterministic: the same claims give the same token. */
export function tokenFor(secret: Buffer, member: Member, claims: TokenClaims): Omit<IssuedToken, 'device'> {
	const payload: TokenPayload = { v: 1, ws: member.workspace, mid: member.id, role: member.role, ...claims };
	return { token: signToken(secret, payload), expiresAt: claims.exp * 1000 };
}

export interface VerifyContext {
	member: (id: string) => Member | null;
	workspace: (id: string) => Workspace | null;
}

/** A token whose signature and member check out; expiry and session are the caller's to check. */
export interface SignedSession {
	payload: TokenPayload;
	member: Member;
	workspace: Workspace;
}

/**
 * Checks signature, then membership. The caller then checks the device session, then expiry:
 * revocation comes before expiry so that a revoked member is told so, rather than "expired",
 * which would send the client to refresh.
 */
export function verifySignedToken(secret: Buffer, token: string, context: VerifyContext): SignedSession {
	const payload = readToken(secret, token);
	if (payload === null) throw new AccountError('unauthorized', 'invalid token');
	const member = context.member(payload.mid);
	const workspace = member === null ? null : context.workspace(member.workspace);
	if (member === null || workspace === null || member.revokedAt !== null || member.workspace !== payload.ws) {
		throw new AccountError('revoked', 'this member has been removed from the workspace');
	}
	return { payload, member, workspace };
}

/** Throws `expired` once `now` passes the token's expiry plus `graceMs` (the refresh window, or 0). */
export function checkExpiry(payload: TokenPayload, now: number, graceMs: number): number {
	const expiresAt = payload.exp * 1000;
	if (now >= expiresAt + graceMs) throw new AccountError('expired', 'token expired');
	return expiresAt;
}
