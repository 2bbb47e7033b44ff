import { ApiError } from './json.ts';
import type { Route } from './router.ts';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

/** `GET /api/audit?document=<name>&limit=<n>`: who wrote a document, newest first; any member. */
export const auditRoute: Route = {
	method: 'GET',
	path: /^\/api\/audit$/,
	handle(request, { accounts }) {
		const { member } = request.session();
		const document = request.url.searchParams.get('document') ?? '';
		const limitParam = request.url.searchParams.get('limit');
		const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
		if (!/^\d+$/.test(limitParam ?? '1') || limit < 1 || limit > MAX_LIMIT) {
			throw new ApiError(400, 'bad_request', `limit must be 1–${MAX_LIMIT}`);
		}
		return { status: 200, body: { entries: accounts.audit(member.workspace, document, limit) } };
	}
};
