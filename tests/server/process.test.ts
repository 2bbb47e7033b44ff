import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listDepartments } from '../../src/lib/model/duty.ts';
import { readWorkspace } from '../../src/lib/model/meta.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { api } from './account-helpers.ts';
import {
	connectClient,
	spawnServer,
	storedDoc,
	synced,
	teardown,
	tempDir,
	track,
	waitFor,
	type ChildServer
} from './helpers.ts';

afterEach(teardown);

/** The first start seeds the demo workspace; its duty document is writable by the leader. */
const ROOM = 'demo/duty';

/** The leader's token from the first start's sign-in line. */
function leaderToken(server: ChildServer): { token: string } {
	const token = /\(leader\): \S+\/signin#token=(\S+)/.exec(server.stdout)?.[1];
	if (token === undefined) throw new Error(`no sign-in line in:\n${server.stdout}`);
	return { token };
}

describe('first start', () => {
	it('seeds the demo school and prints sign-in links and an invite, once', async () => {
		const dataDir = tempDir();
		const first = await spawnServer({ dataDir });
		const lines = first.stdout.trim().split('\n');
		expect(lines).toHaveLength(4);
		expect(lines[0]).toMatch(
			new RegExp(`^Sign in as 周尹尹 \\(office\\): http://localhost:${first.port}/signin#token=\\S+$`)
		);
		expect(lines[1]).toMatch(
			new RegExp(`^Sign in as 王晓芳 \\(leader\\): http://localhost:${first.port}/signin#token=\\S+$`)
		);
		expect(lines[2]).toMatch(
			new RegExp(`^Invite an inspector: http://localhost:${first.port}/join/[0-9A-Z]{12}$`)
		);
		expect(lines[3]).toBe(`Xiao'an listening on http://localhost:${first.port}`);
		const office = /signin#token=(\S+)/.exec(lines[0] ?? '')?.[1] ?? '';
		expect((await api(first.url, '/api/session', { token: office })).body).toMatchObject({
			member: { name: '周尹尹', role: 'office' }
		});

		const session = await api(first.url, '/api/session', { token: leaderToken(first).token });
		expect(session.body).toMatchObject({
			member: { name: '王晓芳', role: 'leader' },
			workspace: { id: 'demo' }
		});
		const code = /\/join\/(\S+)/.exec(lines[2] ?? '')?.[1];
		const joined = await api(first.url, '/api/join', { body: { code, name: '检查员' } });
		expect(joined.body).toMatchObject({ member: { role: 'inspector' }, workspace: { name: '示范学校' } });

		// Seeded by the server: a client that only reads finds the school set up.
		const params = leaderToken(first);
		const meta = await synced(connectClient(first.url, 'demo/meta', { params }));
		expect(readWorkspace(meta.doc)?.name).toBe('示范学校');
		const duty = await synced(connectClient(first.url, 'demo/duty', { params }));
		expect(listDepartments(duty.doc).length).toBeGreaterThan(0);

		first.kill('SIGTERM');
		await first.exited;
		const second = await spawnServer({ dataDir });
		expect(second.stdout.trim()).toBe(`Xiao'an listening on http://localhost:${second.port}`);
	});
});

describe('server process', () => {
	it('keeps acknowledged edits through SIGKILL, and counts unstored ones until stored', async () => {
		const dataDir = tempDir();
		const first = await spawnServer({ dataDir });
		const params = leaderToken(first);
		const client = await synced(connectClient(first.url, ROOM, { params }));
		const tracker = track(client);
		const people = client.doc.getMap('notes');

		people.set('acked', '张老师');
		await waitFor(() => tracker.pending === 0, 'ack');
		people.set('racing', '李老师'); // may or may not reach the server before the kill
		first.kill('SIGKILL');
		expect((await first.exited).signal).toBe('SIGKILL');

		const second = await spawnServer({ dataDir });
		const reader = await synced(connectClient(second.url, ROOM, { doc: new Y.Doc(), params }));
		expect(reader.doc.getMap('notes').get('acked')).toBe('张老师');

		// Offline: the old server is gone and the change exists only on this client.
		await waitFor(() => !client.provider.wsconnected, 'client notices');
		people.set('offline', '王老师');
		expect(tracker.pending).toBeGreaterThan(0);

		// Point the same document at the new server, carrying the count over as the app does.
		const pending = tracker.pending;
		tracker.destroy();
		client.provider.destroy();
		const moved = connectClient(second.url, ROOM, { doc: client.doc, connect: false, params });
		const movedTracker = track(moved, pending);
		let storedAtZero: unknown[] | null = null;
		movedTracker.on('pending', (count) => {
			if (count !== 0 || storedAtZero !== null) return;
			const stored = storedDoc(dataDir, ROOM).getMap('notes');
			storedAtZero = [stored.get('racing'), stored.get('offline')];
		});
		expect(movedTracker.pending).toBeGreaterThan(0);
		moved.provider.connect();
		await waitFor(() => storedAtZero !== null, 'pending reaches 0');
		expect(storedAtZero).toEqual(['李老师', '王老师']);
		await waitFor(() => reader.doc.getMap('notes').size === 3, 'reader sees all');
	});

	it('shuts down on SIGTERM with 1012; clients reconnect by themselves and lose nothing', async () => {
		const dataDir = tempDir();
		const first = await spawnServer({ dataDir });
		const params = leaderToken(first);
		const client = await synced(connectClient(first.url, ROOM, { params }));
		const tracker = track(client);
		const closeCodes: number[] = [];
		client.provider.on('connection-close', (event) => void closeCodes.push(event?.code ?? 0));
		client.doc.getMap('notes').set('before', 1);
		await waitFor(() => tracker.pending === 0, 'ack');

		const stoppedAt = Date.now();
		first.kill('SIGTERM');
		expect((await first.exited).code).toBe(0);
		expect(Date.now() - stoppedAt).toBeLessThan(5_000);
		await waitFor(() => closeCodes.length > 0, 'close seen');
		expect(closeCodes[0]).toBe(CloseCode.restart);

		client.doc.getMap('notes').set('during', 2);
		const second = await spawnServer({ dataDir, port: first.port });
		await waitFor(() => client.provider.synced && tracker.pending === 0, 'reconnect and ack', 15_000);

		const reader = await synced(connectClient(second.url, ROOM, { doc: new Y.Doc(), params }));
		expect(reader.doc.getMap('notes').toJSON()).toEqual({ before: 1, during: 2 });
	});
});
