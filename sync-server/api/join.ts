import { ApiError, fields } from './json.ts';
import type { Route } from './router.ts';
import type { CodeInfo } from '../../src/lib/api/types.ts';
import { memberView, tokenView, workspaceView } from './views.ts';

/** `POST /api/join { code, name }`: redeems an invite, creating the member; no token needed. */
export const joinRoute: Route = {
	method: 'POST',
	path: /^\/api\/join$/,
	async handle(request, { accounts }) {
		const { code, name } = fields(await request.json());
		if (typeof code !== 'string') throw new ApiError(400, 'bad_request', 'code must be a string');
		const { member, workspace } = accounts.join(code, typeof name === 'string' ? name : '');
		return { status: 200, body: tokenView(accounts.issueToken(member), member, workspace) };
	}
};

/**
 * `POST /api/codes/check { code }`: what a typed code is, without using it: an invite (the page asks
 * for a name) or a sign-in code (the page offers to sign in as that member); else why it fails.
 */
export const checkCodeRoute: Route = {
	method: 'POST',
	path: /^\/api\/codes\/check$/,
	async handle(request, { accounts }) {
		const { code } = fields(await request.json());
		if (typeof code !== 'string') throw new ApiError(400, 'bad_request', 'code must be a string');
		const found = accounts.describeCode(code);
		const body: CodeInfo =
			found.kind === 'invite'
				? {
						kind: 'invite',
						role: found.invite.role,
						workspace: workspaceView(found.workspace),
						expiresAt: found.invite.expiresAt
					}
				: {
						kind: 'signin',
						member: memberView(found.member),
						workspace: workspaceView(found.workspace),
						expiresAt: found.code.expiresAt
					};
		return { status: 200, body };
	}
};
