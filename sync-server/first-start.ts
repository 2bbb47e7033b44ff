import type { AccountStore } from './accounts/store.ts';
import type { SyncServer } from './server.ts';

export interface FirstStartContext {
	server: SyncServer;
	accounts: AccountStore;
	/** Where the sign-in lines go. Default `console.log` (stdout, which scripts read). */
	print?: (line: string) => void;
}

/** The demo school, named as in the plan, so a fresh install can be tried at once. */
const DEMO = { id: 'demo', name: '示范学校', leader: '王晓芳' } as const;

/**
 * On the very first start (no workspace at all) creates the demo workspace, its leader and an
 * inspector invite, and prints how to sign in. Later starts print nothing: a token on stdout
 * ends up in logs.
 */
export function firstStart(context: FirstStartContext): void {
	const { accounts, server } = context;
	const print = context.print ?? ((line: string) => console.log(line));
	if (accounts.hasWorkspaces()) return;
	accounts.createWorkspace({ id: DEMO.id, name: DEMO.name });
	const leader = accounts.addMember(DEMO.id, DEMO.leader, 'leader');
	const { token } = accounts.issueToken(leader);
	const invite = accounts.createInvite(DEMO.id, 'inspector', leader.id);
	const base = `http://localhost:${server.port}`;
	print(`Sign in as ${DEMO.leader} (leader): ${base}/signin#token=${token}`);
	print(`Invite an inspector: ${base}/join/${invite.code}`);
}
