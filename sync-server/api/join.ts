import { ApiError, fields } from './json.ts';
import type { Route } from './router.ts';
import { tokenView } from './views.ts';

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
