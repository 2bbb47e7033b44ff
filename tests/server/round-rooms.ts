import * as Y from 'yjs';
import { readRound } from '../../src/lib/model/inspection.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import type { StoredTracker } from '../../src/lib/sync/stored-tracker.ts';
import type { SyncServerOptions } from '../../sync-server/server.ts';
import { addMember, connectAs, startAccountServer, type TestMember } from './account-helpers.ts';
import { synced, track, waitFor, type Client } from './helpers.ts';

export const WS = 'school';
export const T0 = Date.UTC(2026, 10, 20, 2, 0, 0);

const trackers = new WeakMap<Client, StoredTracker>();

/** A synced client of `member` whose changes from now on `stored` can wait for. */
export async function open(url: string, room: string, member: TestMember, doc?: Y.Doc): Promise<Client> {
	const client = connectAs(url, room, member, { doc });
	trackers.set(client, track(client));
	return synced(client);
}

/** Waits until the server stored every change the clients (opened with `open`) made. */
export async function stored(...clients: Client[]): Promise<void> {
	await waitFor(
		() => clients.every((c) => c.provider.synced && trackers.get(c)!.pending === 0),
		'stored',
		15_000
	);
}

/**
 * A server with workspace `WS`, its office (周主任) and two inspectors (王晓华, 黄春), and a round
 * the office created (at `T0`) open on the office's and the first inspector's devices.
 */
export async function openRound(options: SyncServerOptions = {}) {
	const server = await startAccountServer(options);
	server.accounts.createWorkspace({ id: WS, name: '甲校' });
	const officeMember = addMember(server.accounts, WS, 'office', '周主任');
	const inspectorMember = addMember(server.accounts, WS, 'inspector', '王晓华');
	const otherMember = addMember(server.accounts, WS, 'inspector', '黄春');
	const meta = await open(server.url, `${WS}/meta`, officeMember);
	const roundDoc = new Y.Doc();
	const { id } = createRound(meta.doc, roundDoc, {
		title: '11月检查',
		month: '2026-11',
		actor: { id: officeMember.id, name: officeMember.name },
		now: T0
	});
	await stored(meta);
	const room = `${WS}/inspection/${id}`;
	const officeRound = await open(server.url, room, officeMember, roundDoc);
	const inspectorRound = await open(server.url, room, inspectorMember);
	const areas = readRound(inspectorRound.doc)!.areas;
	const items = areas.flatMap((area) => area.items.map((item) => item.id));
	return {
		...server,
		id,
		meta,
		room,
		areas,
		items,
		officeMember,
		inspectorMember,
		otherMember,
		officeRound,
		inspectorRound
	};
}
