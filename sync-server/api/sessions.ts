import type { DeviceSession } from '../../src/lib/api/types.ts';
import { canInvite, canManageMembers } from '../../src/lib/model/permissions.ts';
import type { StoredSession } from '../accounts/device-sessions.ts';
import { AccountError, type Member, type Session } from '../accounts/types.ts';
import type { Route } from './router.ts';
import { deviceView } from './views.ts';

const sessionView = (session: StoredSession, currentId: string): DeviceSession => ({
	id: session.id,
	agent: session.agent,
	createdAt: session.createdAt,
	expiresAt: session.expiresAt,
	lastSeenAt: session.lastSeenAt,
	revokedAt: session.revokedAt,
	device: deviceView(session.device),
	current: session.id === currentId
});

/**
 * Whose sessions the caller may see or end: their own always; another member's only as a leader
 * or the office, and, as for revoking a member, only of a role they may invite.
 */
function requireOver(session: Session, target: Member | null): Member {
	if (target === null || target.workspace !== session.member.workspace) {
		throw new AccountError('member_not_found', 'no such member in this workspace');
	}
	if (target.id === session.member.id) return target;
	if (!canManageMembers(session.member.role) || !canInvite(session.member.role, target.role)) {
		throw new AccountError('forbidden', `a ${session.member.role} cannot manage this member's devices`);
	}
	return target;
}

/** `GET /api/sessions[?member=<id>]`: the caller's device sessions, or a member's for the office. */
export const sessionsRoute: Route = {
	method: 'GET',
	path: /^\/api\/sessions$/,
	handle(request, { accounts }) {
		const session = request.session();
		const memberId = request.url.searchParams.get('member') ?? session.member.id;
		const member = requireOver(session, accounts.member(memberId));
		const sessions = accounts.sessions(member.id).map((row) => sessionView(row, session.sessionId));
		return { status: 200, body: { sessions } };
	}
};

/** `POST /api/sessions/<id>/revoke`: that device's tokens stop working and its sockets close. */
export const revokeSessionRoute: Route = {
	method: 'POST',
	path: /^\/api\/sessions\/([^/]+)\/revoke$/,
	handle(request, { accounts, onSessionRevoked }) {
		const session = request.session();
		const id = request.params[0] ?? '';
		const target = accounts.session(id);
		if (target === null || target.workspace !== session.member.workspace) {
			throw new AccountError('session_not_found', 'no such device session in this workspace');
		}
		requireOver(session, accounts.member(target.memberId));
		accounts.revokeSession(session.member.workspace, id);
		onSessionRevoked(id);
		return { status: 200, body: { ok: true } };
	}
};
