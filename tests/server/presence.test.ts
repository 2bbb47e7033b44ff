import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { memberColor } from '../../src/lib/sync/presence.ts';
import { MessageType } from '../../src/lib/sync/wire.ts';
import { addMember, connectAs, startAccountServer, type TestMember } from './account-helpers.ts';
import { rawSocket, synced, teardown, waitFor, type Client, type LogEntry } from './helpers.ts';

afterEach(teardown);

const ROOM = 'school/inspection/r1';

/** An awareness frame as any client may send it: `[1, update]` with raw JSON states. */
function awarenessFrame(entries: { clientId: number; clock: number; state: unknown }[]): Uint8Array {
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(update, clientId);
		encoding.writeVarUint(update, clock);
		encoding.writeVarString(update, JSON.stringify(state));
	}
	const frame = encoding.createEncoder();
	encoding.writeVarUint(frame, MessageType.awareness);
	encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
	return encoding.toUint8Array(frame);
}

const user = (name: string, extra: Record<string, unknown> = {}) => ({
	user: { memberId: 'someone-else', name, role: 'leader', color: '#123456', focus: null, ...extra }
});

/** What `observer` sees of `clientId`'s presence (its `user` field). */
const seen = (observer: Client, clientId: number) =>
	(observer.provider.awareness.getStates().get(clientId) as { user?: Record<string, unknown> } | undefined)
		?.user;

const refusals = (logs: LogEntry[], reason: string) =>
	logs.filter((entry) => entry.message === 'presence refused' && entry.fields.reason === reason);

async function setup(presence: { maxClientsPerRoom?: number } = {}) {
	const server = await startAccountServer({ presence });
	server.accounts.createWorkspace({ id: 'school', name: '甲校' });
	const inspector = addMember(server.accounts, 'school', 'inspector', '周尹尹');
	const viewer = addMember(server.accounts, 'school', 'viewer', '王五');
	const office = addMember(server.accounts, 'school', 'office', '李主任');
	const observer = await synced(connectAs(server.url, ROOM, office));
	return { ...server, inspector, viewer, observer };
}

async function rawAs(url: string, member: TestMember) {
	return rawSocket(url, ROOM, { token: member.token });
}

describe('presence (issue 7, finding 4)', () => {
	it('takes member id, name and role from the token, whatever the state says', async () => {
		const { url, inspector, viewer, observer } = await setup();
		const real = await synced(connectAs(url, ROOM, inspector));
		real.provider.awareness.setLocalState(user('校长'));
		const raw = await rawAs(url, viewer);
		raw.ws.send(awarenessFrame([{ clientId: 777, clock: 1, state: user('周尹尹', { role: 'office' }) }]));

		await waitFor(() => seen(observer, 777) !== undefined && seen(observer, real.doc.clientID) !== undefined);
		expect(seen(observer, real.doc.clientID)).toMatchObject({
			memberId: inspector.id,
			name: '周尹尹',
			role: 'inspector',
			color: '#123456'
		});
		expect(seen(observer, 777)).toMatchObject({ memberId: viewer.id, name: '王五', role: 'viewer' });
	});

	it("refuses updates and removals of another member's client id", async () => {
		const { url, logs, inspector, viewer, observer } = await setup();
		const real = await synced(connectAs(url, ROOM, inspector));
		real.provider.awareness.setLocalState(user('周尹尹', { focus: 'item-1' }));
		const id = real.doc.clientID;
		await waitFor(() => seen(observer, id)?.focus === 'item-1', 'the real presence');

		const raw = await rawAs(url, viewer);
		raw.ws.send(awarenessFrame([{ clientId: id, clock: 1_000, state: user('周尹尹', { focus: 'item-9' }) }]));
		raw.ws.send(awarenessFrame([{ clientId: id, clock: 1_001, state: null }]));
		// Sent after the spoofs on the same socket: once it is seen, they were handled.
		raw.ws.send(awarenessFrame([{ clientId: 778, clock: 1, state: user('王五') }]));
		await waitFor(() => seen(observer, 778) !== undefined, 'the marker');
		expect(seen(observer, id)).toMatchObject({ memberId: inspector.id, focus: 'item-1' });
		expect(refusals(logs, 'client id of another member')).toHaveLength(1); // once per socket

		// The owner itself still updates and removes it.
		real.provider.awareness.setLocalStateField('user', { ...user('周尹尹').user, focus: 'item-2' });
		await waitFor(() => seen(observer, id)?.focus === 'item-2', 'the owner updates');
		real.provider.awareness.setLocalState(null);
		await waitFor(() => !observer.provider.awareness.getStates().has(id), 'the owner removes');
	});

	it('refuses oversized states, and more client ids than a socket or a room may hold', async () => {
		const { url, logs, viewer, inspector, observer } = await setup({ maxClientsPerRoom: 6 });
		const raw = await rawAs(url, viewer);
		raw.ws.send(awarenessFrame([{ clientId: 1, clock: 1, state: user('x', { focus: 'y'.repeat(4_000) }) }]));
		// One frame with 100,000 client ids (the report's was 1.3 MB).
		const flood = Array.from({ length: 100_000 }, (_, i) => ({ clientId: 10 + i, clock: 1, state: {} }));
		raw.ws.send(awarenessFrame(flood));
		// One id a frame: the socket may own four.
		for (let i = 0; i < 6; i++)
			raw.ws.send(awarenessFrame([{ clientId: 200_000 + i, clock: 1, state: user('王五') }]));
		await waitFor(
			() => refusals(logs, 'too many client ids').length === 1 && seen(observer, 200_003) !== undefined
		);
		const ids = () =>
			[...observer.provider.awareness.getStates().keys()].filter((id) => id !== observer.doc.clientID);
		expect(ids().sort()).toEqual([200_000, 200_001, 200_002, 200_003]);
		expect(refusals(logs, 'state too large')).toHaveLength(1);

		// The room holds 6: these four and two of another socket's four (the observer has announced nothing).
		const other = await rawAs(url, inspector);
		for (let i = 0; i < 4; i++)
			other.ws.send(awarenessFrame([{ clientId: 300_000 + i, clock: 1, state: {} }]));
		await waitFor(() => refusals(logs, 'room full').length === 1, 'room full');
		await waitFor(() => ids().length === 6, 'two more');
		expect(ids().filter((id) => id >= 300_000)).toEqual([300_000, 300_001]);
	});

	it('relays only #rrggbb colours: others become the member colour or are dropped', async () => {
		const { url, viewer, observer } = await setup();
		const raw = await rawAs(url, viewer);
		const beacon = 'url(http://evil.example/beacon.png)';
		raw.ws.send(
			awarenessFrame([{ clientId: 42, clock: 1, state: user('王五', { color: beacon, colorLight: beacon }) }])
		);
		raw.ws.send(
			awarenessFrame([{ clientId: 43, clock: 1, state: user('王五', { colorLight: '#30bced33' }) }])
		);
		await waitFor(() => seen(observer, 42) !== undefined && seen(observer, 43) !== undefined);
		expect(seen(observer, 42)?.color).toBe(memberColor(viewer.id));
		expect(seen(observer, 42)).not.toHaveProperty('colorLight');
		expect(seen(observer, 43)).toMatchObject({ color: '#123456', colorLight: '#30bced33' });
	});
});
