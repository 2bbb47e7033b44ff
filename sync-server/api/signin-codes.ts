import { canInvite } from '../../src/lib/model/permissions.ts';
import type { SigninCodeView } from '../../src/lib/api/types.ts';
import { AccountError } from '../accounts/types.ts';
import { ApiError, fields } from './json.ts';
import type { Route } from './router.ts';
import { memberView, tokenView } from './views.ts';

/**
 * `POST /api/members/<id>/signin-code`: a one-time sign-in code for an existing member. The same
 * rule as invites: whoever may not make a member of that role may not sign in as one either.
 */
export const createSigninCodeRoute: Route = {
	method: 'POST',
	path: /^\/api\/members\/([^/]+)\/signin-code$/,
	handle(request, { accounts }) {
		const { member: self } = request.session();
		const target = accounts.member(request.params[0] ?? '');
		if (target === null || target.workspace !== self.workspace) {
			throw new AccountError('member_not_found', 'no such member in this workspace');
		}
		if (!canInvite(self.role, target.role)) {
			throw new AccountError('forbidden', `a ${self.role} cannot make a sign-in code for a ${target.role}`);
		}
		const code = accounts.createSigninCode(self.workspace, target.id, self.id);
		const body: SigninCodeView = { code: code.code, expiresAt: code.expiresAt, member: memberView(target) };
		return { status: 201, body };
	}
};

/** `POST /api/signin { code }`: redeems a sign-in code for that member's token; no token needed. */
export const signinRoute: Route = {
	method: 'POST',
	path: /^\/api\/signin$/,
	async handle(request, { accounts }) {
		const { code } = fields(await request.json());
		if (typeof code !== 'string') throw new ApiError(400, 'bad_request', 'code must be a string');
		const { member, workspace } = accounts.signIn(code);
		const issued = accounts.issueToken(member, undefined, request.agent);
		return { status: 200, body: tokenView(issued, member, workspace) };
	}
};
