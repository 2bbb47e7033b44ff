import type { AccountStore } from './accounts/store.ts';
import type { SyncServer } from './server.ts';

export interface FirstStartContext {
	server: SyncServer;
	accounts: AccountStore;
	/** Where the sign-in lines go. Default `console.log` (stdout, which scripts read). */
	print?: (line: string) => void;
}

/**
 * The demo school, named as in the plan, so a fresh install can be tried at once: its office
 * director (who runs inspections and invites people) and its group leader (who reads and leads).
 */
const DEMO = { id: 'demo', name: '示范学校', office: '周尹尹', leader: '王晓芳' } as const;

/**
 * On the very first start (no workspace at all) creates the demo workspace, two members and an
 * inspector invite, and prints how to sign in. Later starts print nothing: a token on stdout
 * ends up in logs.
 */
export function firstStart(context: FirstStartContext): void {
	const { accounts, server } = context;
	const print = context.print ?? ((line: string) => console.log(line));
	if (accounts.hasWorkspaces()) return;
	accounts.createWorkspace({ id: DEMO.id, name: DEMO.name });
	const office = accounts.addMember(DEMO.id, DEMO.office, 'office');
	const leader = accounts.addMember(DEMO.id, DEMO.leader, 'leader');
	const invite = accounts.createInvite(DEMO.id, 'inspector', office.id);
	const base = `http://localhost:${server.port}`;
	// The office first: it can start an inspection round right away; a leader only reads rounds.
	print(`Sign in as ${DEMO.office} (office): ${base}/signin#token=${accounts.issueToken(office).token}`);
	print(`Sign in as ${DEMO.leader} (leader): ${base}/signin#token=${accounts.issueToken(leader).token}`);
	print(`Invite an inspector: ${base}/join/${invite.code}`);
}
