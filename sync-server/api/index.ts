import type { Logger } from '../log.ts';
import { auditRoute } from './audit.ts';
import { invitesRoute } from './invites.ts';
import { joinRoute } from './join.ts';
import { membersRoute, revokeRoute } from './members.ts';
import { apiHandler, type ApiContext } from './router.ts';
import { refreshRoute, sessionRoute } from './session.ts';

const ROUTES = [joinRoute, sessionRoute, refreshRoute, invitesRoute, membersRoute, revokeRoute, auditRoute];

/** The `/api/…` request handler (contract: the issue "Accounts"; errors `{ error, message }`). */
export function createApi(context: ApiContext, log: Logger) {
	return apiHandler(ROUTES, context, log);
}
