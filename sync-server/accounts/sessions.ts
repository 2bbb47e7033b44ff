import { AccountError, type IssuedToken, type Member, type Session, type Workspace } from './types.ts';
import { newTokenId, readToken, signToken } from './tokens.ts';

export function issueToken(secret: Buffer, member: Member, now: number, lifetimeMs: number): IssuedToken {
	const iat = Math.floor(now / 1000);
	const exp = iat + Math.max(1, Math.floor(lifetimeMs / 1000));
	const token = signToken(secret, {
		v: 1,
		ws: member.workspace,
		mid: member.id,
		role: member.role,
		iat,
		exp,
		jti: newTokenId()
	});
	return { token, expiresAt: exp * 1000 };
}

export interface VerifyContext {
	now: number;
	/** How long after `exp` the token still passes (refresh); 0 for everything else. */
	graceMs: number;
	member: (id: string) => Member | null;
	workspace: (id: string) => Workspace | null;
}

/**
 * Checks signature, then membership, then expiry. Revocation is checked before expiry so that a
 * revoked member is told so, rather than "expired", which would send the client to refresh.
 */
export function verifyToken(secret: Buffer, token: string, context: VerifyContext): Session {
	const payload = readToken(secret, token);
	if (payload === null) throw new AccountError('unauthorized', 'invalid token');
	const member = context.member(payload.mid);
	const workspace = member === null ? null : context.workspace(member.workspace);
	if (member === null || workspace === null || member.revokedAt !== null || member.workspace !== payload.ws) {
		throw new AccountError('revoked', 'this member has been removed from the workspace');
	}
	const expiresAt = payload.exp * 1000;
	if (context.now >= expiresAt + context.graceMs) throw new AccountError('expired', 'token expired');
	return { member, workspace, expiresAt };
}
