import type { Logger } from '../log.ts';
import { auditRoute } from './audit.ts';
import { cancelInviteRoute, invitesRoute, listInvitesRoute } from './invites.ts';
import { joinRoute } from './join.ts';
import { membersRoute, revokeRoute } from './members.ts';
import { apiHandler, type ApiContext } from './router.ts';
import { refreshRoute, sessionRoute } from './session.ts';
import { revokeSessionRoute, sessionsRoute } from './sessions.ts';

const ROUTES = [joinRoute, sessionRoute, refreshRoute, invitesRoute, membersRoute, revokeRoute, auditRoute];
// Device sessions and the invite list (docs/SECURITY.md); apart, so the list above merges cleanly.
ROUTES.push(sessionsRoute, revokeSessionRoute, listInvitesRoute, cancelInviteRoute);

/** The `/api/…` request handler (contract: the issue "Accounts"; errors `{ error, message }`). */
export function createApi(context: ApiContext, log: Logger) {
	return apiHandler(ROUTES, context, log);
}
