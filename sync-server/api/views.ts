import type { Session, SessionDevice, SessionMember, SessionWorkspace } from '../../src/lib/api/types.ts';
import { deviceCode } from '../../src/lib/model/hazard-number.ts';
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

/** A device session's number and the code its hazard numbers carry. */
export const deviceView = (device: number): SessionDevice => ({ number: device, code: deviceCode(device) });

/** The answer to join and refresh: a token, whom it is for, and the device's number. */
export const tokenView = (issued: IssuedToken, member: Member, workspace: Workspace): Session => ({
	token: issued.token,
	expiresAt: issued.expiresAt,
	member: memberView(member),
	workspace: workspaceView(workspace),
	device: deviceView(issued.device)
});
