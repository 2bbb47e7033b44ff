import type { Session, SessionMember, SessionWorkspace } from '../../src/lib/api/types.ts';
import type { IssuedToken, Member, Workspace } from '../accounts/types.ts';

/** The public shapes of the API; internal fields (generation, workspace of a member) stay in. */
export const memberView = (member: Member): SessionMember => ({
	id: member.id,
	name: member.name,
	role: member.role
});

export const workspaceView = (workspace: Workspace): SessionWorkspace => ({
	id: workspace.id,
	name: workspace.name
});

/** The answer to join and refresh: a token and whom it is for. */
export const tokenView = (issued: IssuedToken, member: Member, workspace: Workspace): Session => ({
	token: issued.token,
	expiresAt: issued.expiresAt,
	member: memberView(member),
	workspace: workspaceView(workspace)
});
