import type { Route } from './router.ts';
import { deviceView, memberView, tokenView, workspaceView } from './views.ts';

/** `GET /api/session`: who the Bearer token belongs to, until when, and the device's number. */
export const sessionRoute: Route = {
	method: 'GET',
	path: /^\/api\/session$/,
	handle(request) {
		const { member, workspace, expiresAt, device } = request.session();
		return {
			status: 200,
			body: {
				expiresAt,
				member: memberView(member),
				workspace: workspaceView(workspace),
				device: deviceView(device)
			}
		};
	}
};

/**
 * `POST /api/session/refresh`: a new token replacing the Bearer one (which keeps working a few
 * seconds for requests in flight), also for one that expired within the refresh window.
 */
export const refreshRoute: Route = {
	method: 'POST',
	path: /^\/api\/session\/refresh$/,
	handle(request, { accounts }) {
		const refreshed = accounts.refreshToken(request.token());
		return { status: 200, body: tokenView(refreshed, refreshed.member, refreshed.workspace) };
	}
};
