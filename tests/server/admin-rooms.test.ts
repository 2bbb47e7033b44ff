import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { addMember, connectAs, runAdmin, startAccountServer } from './account-helpers.ts';
import { closeEvents, synced, teardown, waitFor } from './helpers.ts';
import { indexRound } from './round-helpers.ts';

afterEach(teardown);

const WS = 'school';

/** A junk round stored before the server refused unindexed rounds (or by hand). */
function storeJunk(dataDir: string, id: string, bytes: number): void {
	const storage = new SqliteStorage(dataDir);
	const doc = new Y.Doc();
	doc.getText('t').insert(0, 'x'.repeat(bytes));
	storage.append(`${WS}/inspection/${id}`, Y.encodeStateAsUpdate(doc), {
		memberId: 'm-junk',
		at: 1_700_000_000_000
	});
	storage.close();
}

describe('admin rooms', () => {
	it('lists rooms with size, updates, last write and listing; drops a junk round and the server lets go', async () => {
		const { url, dataDir, accounts } = await startAccountServer();
		accounts.createWorkspace({ id: WS, name: '甲校' });
		indexRound(dataDir, WS, 'real');
		storeJunk(dataDir, 'junk', 5_000);
		const office = addMember(accounts, WS, 'office');
		const reader = await synced(connectAs(url, `${WS}/inspection/junk`, office));
		expect(reader.doc.getText('t').length).toBe(5_000);
		const closes = closeEvents(reader);

		const listed = await runAdmin(dataDir, ['rooms', '--workspace', WS]);
		expect(listed.code, listed.stderr).toBe(0);
		const rooms = (JSON.parse(listed.stdout) as { rooms: { document: string }[] }).rooms;
		expect(rooms.map((room) => room.document)).toEqual(['duty', 'inspection/junk', 'meta']);
		expect(rooms[1]).toEqual({
			document: 'inspection/junk',
			bytes: expect.any(Number) as number,
			updates: 1,
			lastWrite: 1_700_000_000_000,
			listed: false
		});

		const refused = await runAdmin(dataDir, ['room', 'drop', '--workspace', WS, '--document', 'meta']);
		expect(refused.code).toBe(1);
		const dropped = await runAdmin(dataDir, [
			'room',
			'drop',
			'--workspace',
			WS,
			'--document',
			'inspection/junk'
		]);
		expect(dropped.code, dropped.stderr).toBe(0);
		expect(JSON.parse(dropped.stdout)).toMatchObject({ ok: true, room: `${WS}/inspection/junk`, updates: 1 });

		// The running server closes the room's sockets (1012) and serves it from storage: empty.
		await waitFor(() => closes.length > 0, 'evicted');
		expect(closes[0]?.code).toBe(1012);
		const fresh = await synced(connectAs(url, `${WS}/inspection/junk`, office, { doc: new Y.Doc() }));
		expect(fresh.doc.getText('t').length).toBe(0);
		const after = JSON.parse((await runAdmin(dataDir, ['rooms', '--workspace', WS])).stdout) as {
			rooms: { document: string }[];
		};
		expect(after.rooms.map((room) => room.document)).toEqual(['duty', 'meta']);
	});
});
