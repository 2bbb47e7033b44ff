import * as Y from 'yjs';
import { setMemberDepts } from '../../src/lib/model/duty.ts';
import type { MemberContext } from '../../src/lib/model/hazard-rules.ts';
import { registerHazard } from '../../src/lib/model/ledger.ts';
import type { Role } from '../../src/lib/model/permissions.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import type { SyncServerOptions } from '../../sync-server/server.ts';
import { addMember, startAccountServer, type TestMember } from './account-helpers.ts';
import { waitFor, type Client } from './helpers.ts';
import { T0, WS, open, stored } from './round-rooms.ts';

/** A school with members of every writing role, its duty board, a round and the ledger, on a real server. */
export { WS, open, stored };
/** The server's clock in these tests: 2026-11-20 10:00 in China. */
export const NOW = T0;

/** Waits until `clients` hold the same state (every change relayed to each of them). */
export async function converged(...clients: Client[]): Promise<void> {
	const vector = (c: Client) => Y.encodeStateVector(c.doc).join(',');
	await waitFor(() => clients.every((c) => vector(c) === vector(clients[0]!)), 'converged', 15_000);
}

export interface SchoolMember extends TestMember {
	role: Role;
	context: MemberContext;
}

export function member(
	accounts: Parameters<typeof addMember>[0],
	role: Role,
	name: string,
	deptIds: string[] = []
): SchoolMember {
	const added = addMember(accounts, WS, role, name);
	return { ...added, role, context: { id: added.id, name: added.name, role, deptIds } };
}

/**
 * 周尹尹 runs the office, 黄春 and 王晓华 inspect, 李明 heads 安保处 (security), 赵强 heads 教务处;
 * the office has set the heads' departments on the duty board and created November's round.
 */
export async function school(options: SyncServerOptions = {}) {
	const server = await startAccountServer({ now: () => NOW, ...options });
	server.accounts.createWorkspace({ id: WS, name: '甲校' });
	const office = member(server.accounts, 'office', '周尹尹', ['office']);
	const huang = member(server.accounts, 'inspector', '黄春');
	const wang = member(server.accounts, 'inspector', '王晓华');
	const li = member(server.accounts, 'dept', '李明', ['security']);
	const zhao = member(server.accounts, 'dept', '赵强', ['academic-affairs']);
	const duty = await open(server.url, `${WS}/duty`, office);
	setMemberDepts(duty.doc, li.id, ['security'], office.context);
	setMemberDepts(duty.doc, zhao.id, ['academic-affairs'], office.context);
	setMemberDepts(duty.doc, office.id, ['office'], office.context);
	const meta = await open(server.url, `${WS}/meta`, office);
	const roundDoc = new Y.Doc();
	const { id } = createRound(meta.doc, roundDoc, {
		title: '11月检查',
		month: '2026-11',
		actor: office.context,
		now: NOW - 3_600_000
	});
	await stored(duty, meta);
	const roundRoom = `${WS}/inspection/${id}`;
	const officeRound = await open(server.url, roundRoom, office, roundDoc);
	await stored(officeRound);
	return { ...server, office, huang, wang, li, zhao, duty, meta, roundId: id, roundRoom, officeRound };
}

export type School = Awaited<ReturnType<typeof school>>;

/**
 * The office opens the ledger and registers a 重大 hazard of 安保处's domain (东门, 围墙开裂) at
 * `at`, and waits until the server has stored it.
 */
export async function officeMajorHazard(s: School, at: number) {
	const officeLedger = await open(s.url, `${WS}/ledger`, s.office);
	const hazard = registerHazard(
		officeLedger.doc,
		{ place: '东门', description: '围墙开裂', level: '重大', domain: 'safe-campus' },
		s.office.context,
		'A',
		at
	);
	await stored(officeLedger);
	return { officeLedger, hazard };
}
