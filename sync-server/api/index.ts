import type { Logger } from '../log.ts';
import { auditRoute } from './audit.ts';
import { getBlobRoute, putBlobRoute } from './blobs.ts';
import { changesRoute, stateAtRoute } from './history.ts';
import { cancelInviteRoute, invitesRoute, listInvitesRoute } from './invites.ts';
import { checkCodeRoute, joinRoute } from './join.ts';
import { membersRoute, revokeRoute } from './members.ts';
import { apiHandler, type ApiContext } from './router.ts';
import { refreshRoute, sessionRoute } from './session.ts';
import { revokeSessionRoute, sessionsRoute } from './sessions.ts';
import { createSigninCodeRoute, signinRoute } from './signin-codes.ts';
import { violationsRoute } from './violations.ts';

const ROUTES = [
	joinRoute,
	checkCodeRoute,
	signinRoute,
	sessionRoute,
	refreshRoute,
	invitesRoute,
	membersRoute,
	revokeRoute,
	createSigninCodeRoute,
	auditRoute,
	violationsRoute,
	changesRoute,
	stateAtRoute,
	sessionsRoute,
	revokeSessionRoute,
	listInvitesRoute,
	cancelInviteRoute,
	getBlobRoute,
	putBlobRoute
];

/** The `/api/…` request handler (contract: the issue "Accounts"; errors `{ error, message }`). */
export function createApi(context: ApiContext, log: Logger) {
	return apiHandler(ROUTES, context, log);
}
