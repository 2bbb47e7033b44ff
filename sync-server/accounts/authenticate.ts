import { canWrite, writableParts } from '../../src/lib/model/permissions.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { AuthError, type Authenticate } from '../auth.ts';
import type { AccountStore } from './store.ts';
import { AccountError } from './types.ts';

/** Close codes for refusals; 44xx codes make y-websocket stop retrying, as it should for these. */
const CLOSE_CODES: Partial<Record<AccountError['code'], number>> = {
	unauthorized: CloseCode.unauthorized,
	expired: CloseCode.unauthorized,
	revoked: CloseCode.forbidden,
	forbidden: CloseCode.forbidden
};

/**
 * Admits a socket whose `?token=` (y-websocket's `params: { token }`) belongs to a current member
 * of the room's workspace. The role comes from the members table now, not from the token, so a
 * role change applies at the next connection.
 */
export function tokenAuthenticate(accounts: AccountStore): Authenticate {
	return async (request, room) => {
		const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
		if (!token) throw new AuthError(CloseCode.unauthorized, 'unauthorized');
		try {
			const { member, expiresAt, sessionId } = accounts.verifyToken(token);
			if (member.workspace !== room.workspace) throw new AccountError('forbidden', 'another workspace');
			return {
				memberId: member.id,
				memberName: member.name,
				role: member.role,
				sessionId,
				canWrite: canWrite(member.role, room.kind),
				parts: writableParts(member.role, room.kind),
				expiresAt,
				// The admin CLI revokes from another process; checking here before each stored update
				// makes that take effect at the next write instead of at the next poll.
				mayStillWrite: () => accounts.mayStillWrite(member.id, sessionId)
			};
		} catch (error) {
			const code = error instanceof AccountError ? CLOSE_CODES[error.code] : undefined;
			// The reason is the error code, so a client can tell `expired` (refresh) from `unauthorized`.
			if (code !== undefined) throw new AuthError(code, (error as AccountError).code);
			throw error;
		}
	};
}
