import { AccountError } from '../accounts/types.ts';
import { ApiError, fields } from './json.ts';
import type { Route } from './router.ts';
import type { CodeInfo } from '../../src/lib/api/types.ts';
import { memberView, tokenView, workspaceView } from './views.ts';

/**
 * `POST /api/join { code, name }`: redeems an invite, creating the member; no token needed. Every
 * attempt counts against the caller's address (guessing codes, or flooding the members table),
 * and every join and refusal is logged with that address.
 */
export const joinRoute: Route = {
	method: 'POST',
	path: /^\/api\/join$/,
	async handle(request, { accounts, joinLimiter, log }) {
		const { address } = request;
		if (!joinLimiter.take(address)) {
			log.warn('join rate limited', { address });
			throw new ApiError(429, 'rate_limited', 'too many attempts from this address; wait a few minutes');
		}
		const { code, name } = fields(await request.json());
		if (typeof code !== 'string') throw new ApiError(400, 'bad_request', 'code must be a string');
		try {
			const { member, workspace } = accounts.join(code, typeof name === 'string' ? name : '');
			log.info('member joined', {
				workspace: workspace.id,
				memberId: member.id,
				name: member.name,
				role: member.role,
				address
			});
			const issued = accounts.issueToken(member, undefined, request.agent);
			return { status: 200, body: tokenView(issued, member, workspace) };
		} catch (error) {
			if (error instanceof AccountError) log.warn('join refused', { reason: error.code, address });
			throw error;
		}
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
