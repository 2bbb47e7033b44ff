import { canInvite, canManageMembers, isRole } from '../../src/lib/model/permissions.ts';
import { normalizeInviteCode } from '../accounts/codes.ts';
import { AccountError, type Session } from '../accounts/types.ts';
import { fields } from './json.ts';
import type { Route } from './router.ts';

/** `POST /api/invites { role }`: a single-use invite; the client builds the `/join/<code>` link. */
export const invitesRoute: Route = {
	method: 'POST',
	path: /^\/api\/invites$/,
	async handle(request, { accounts }) {
		const { member } = request.session();
		const { role } = fields(await request.json());
		if (!isRole(role)) throw new AccountError('invalid_role', `unknown role ${JSON.stringify(role) ?? ''}`);
		if (!canInvite(member.role, role))
			throw new AccountError('forbidden', `a ${member.role} cannot invite a ${role}`);
		const invite = accounts.createInvite(member.workspace, role, member.id);
		return { status: 201, body: { code: invite.code, role: invite.role, expiresAt: invite.expiresAt } };
	}
};

function requireManager(session: Session): void {
	if (!canManageMembers(session.member.role)) {
		throw new AccountError('forbidden', `a ${session.member.role} cannot manage invites`);
	}
}

/** `GET /api/invites`: the workspace's invites with their state; leaders and the office. */
export const listInvitesRoute: Route = {
	method: 'GET',
	path: /^\/api\/invites$/,
	handle(request, { accounts }) {
		const session = request.session();
		requireManager(session);
		return { status: 200, body: { invites: accounts.invites(session.member.workspace) } };
	}
};

/** `POST /api/invites/<code>/cancel`: the invite can no longer be redeemed. */
export const cancelInviteRoute: Route = {
	method: 'POST',
	path: /^\/api\/invites\/([^/]+)\/cancel$/,
	handle(request, { accounts }) {
		const session = request.session();
		requireManager(session);
		const code = normalizeInviteCode(request.params[0] ?? '');
		const invite = accounts.invites(session.member.workspace).find((item) => item.code === code);
		// Who may not make an invite of that role may not cancel one either (a leader's invite).
		if (invite !== undefined && !canInvite(session.member.role, invite.role)) {
			throw new AccountError('forbidden', `a ${session.member.role} cannot cancel a ${invite.role} invite`);
		}
		return { status: 200, body: { invite: accounts.cancelInvite(session.member.workspace, code) } };
	}
};
