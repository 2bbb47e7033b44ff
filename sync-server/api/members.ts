import { canInvite, canManageMembers } from '../../src/lib/model/permissions.ts';
import type { Session } from '../accounts/types.ts';
import { AccountError } from '../accounts/types.ts';
import type { Route } from './router.ts';

function requireManager(session: Session): void {
	if (!canManageMembers(session.member.role)) {
		throw new AccountError('forbidden', `a ${session.member.role} cannot manage members`);
	}
}

/** `GET /api/members`: everyone of the caller's workspace, revoked members included. */
export const membersRoute: Route = {
	method: 'GET',
	path: /^\/api\/members$/,
	handle(request, { accounts }) {
		const session = request.session();
		requireManager(session);
		const members = accounts.members(session.member.workspace).map((member) => ({
			id: member.id,
			name: member.name,
			role: member.role,
			createdAt: member.createdAt,
			revokedAt: member.revokedAt
		}));
		return { status: 200, body: { members } };
	}
};

/** `POST /api/members/<id>/revoke`: the member's tokens stop working and their sockets close. */
export const revokeRoute: Route = {
	method: 'POST',
	path: /^\/api\/members\/([^/]+)\/revoke$/,
	handle(request, { accounts, onRevoked }) {
		const session = request.session();
		requireManager(session);
		const id = request.params[0] ?? '';
		if (id === session.member.id) throw new AccountError('cannot_revoke_self', 'you cannot revoke yourself');
		// Whoever may not make a member of that role may not remove one either (the office and leaders).
		const target = accounts.member(id);
		if (
			target &&
			target.workspace === session.member.workspace &&
			!canInvite(session.member.role, target.role)
		) {
			throw new AccountError('forbidden', 'only a leader may revoke a leader');
		}
		accounts.revokeMember(session.member.workspace, id);
		onRevoked(id);
		return { status: 200, body: { ok: true } };
	}
};
