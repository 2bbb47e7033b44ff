import { canInvite, isRole } from '../../src/lib/model/permissions.ts';
import { AccountError } from '../accounts/types.ts';
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
