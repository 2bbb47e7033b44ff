import { canSeeViolations } from '../../src/lib/model/permissions.ts';
import { AccountError } from '../accounts/types.ts';
import { ApiError } from './json.ts';
import type { Route } from './router.ts';

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1000;

/**
 * `GET /api/violations?limit=<n>`: the refused attempts to break a rule inside a document of the
 * caller's workspace (sync-server/violations.ts), newest first; leaders and the office only.
 */
export const violationsRoute: Route = {
	method: 'GET',
	path: /^\/api\/violations$/,
	handle(request, { accounts }) {
		const { member } = request.session();
		if (!canSeeViolations(member.role))
			throw new AccountError('forbidden', `a ${member.role} cannot read violations`);
		const workspace = request.url.searchParams.get('workspace');
		if (workspace !== null && workspace !== member.workspace)
			throw new ApiError(403, 'wrong_workspace', 'the token belongs to another workspace');
		const limitParam = request.url.searchParams.get('limit');
		const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
		if (!/^\d+$/.test(limitParam ?? '1') || limit < 1 || limit > MAX_LIMIT) {
			throw new ApiError(400, 'bad_request', `limit must be 1–${MAX_LIMIT}`);
		}
		return { status: 200, body: { violations: accounts.violations(member.workspace, limit) } };
	}
};
