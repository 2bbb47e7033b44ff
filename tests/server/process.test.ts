import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoredTracker } from '../../src/lib/sync/stored-tracker.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import {
	connectClient,
	onTeardown,
	spawnServer,
	storedDoc,
	synced,
	teardown,
	tempDir,
	waitFor,
	type Client
} from './helpers.ts';

afterEach(teardown);

const ROOM = 'ws_test/duty';

function track(client: Client, initialPending = 0): StoredTracker {
	const tracker = new StoredTracker(client.provider, client.doc, { initialPending });
	onTeardown(() => tracker.destroy());
	return tracker;
}

describe('server process', () => {
	it('keeps acknowledged edits through SIGKILL, and counts unstored ones until stored', async () => {
		const dataDir = tempDir();
		const first = await spawnServer({ dataDir });
		const client = await synced(connectClient(first.url, ROOM));
		const tracker = track(client);
		const people = client.doc.getMap('people');

		people.set('acked', '张老师');
		await waitFor(() => tracker.pending === 0, 'ack');
		people.set('racing', '李老师'); // may or may not reach the server before the kill
		first.kill('SIGKILL');
		expect((await first.exited).signal).toBe('SIGKILL');

		const second = await spawnServer({ dataDir });
		const reader = await synced(connectClient(second.url, ROOM, { doc: new Y.Doc() }));
		expect(reader.doc.getMap('people').get('acked')).toBe('张老师');

		// Offline: the old server is gone and the change exists only on this client.
		await waitFor(() => !client.provider.wsconnected, 'client notices');
		people.set('offline', '王老师');
		expect(tracker.pending).toBeGreaterThan(0);

		// Point the same document at the new server, carrying the count over as the app does.
		const pending = tracker.pending;
		tracker.destroy();
		client.provider.destroy();
		const moved = connectClient(second.url, ROOM, { doc: client.doc, connect: false });
		const movedTracker = track(moved, pending);
		let storedAtZero: unknown[] | null = null;
		movedTracker.on('pending', (count) => {
			if (count !== 0 || storedAtZero !== null) return;
			const stored = storedDoc(dataDir, ROOM).getMap('people');
			storedAtZero = [stored.get('racing'), stored.get('offline')];
		});
		expect(movedTracker.pending).toBeGreaterThan(0);
		moved.provider.connect();
		await waitFor(() => storedAtZero !== null, 'pending reaches 0');
		expect(storedAtZero).toEqual(['李老师', '王老师']);
		await waitFor(() => reader.doc.getMap('people').size === 3, 'reader sees all');
	});

	it('shuts down on SIGTERM with 1012; clients reconnect by themselves and lose nothing', async () => {
		const dataDir = tempDir();
		const first = await spawnServer({ dataDir });
		const client = await synced(connectClient(first.url, ROOM));
		const tracker = track(client);
		const closeCodes: number[] = [];
		client.provider.on('connection-close', (event) => void closeCodes.push(event?.code ?? 0));
		client.doc.getMap('people').set('before', 1);
		await waitFor(() => tracker.pending === 0, 'ack');

		const stoppedAt = Date.now();
		first.kill('SIGTERM');
		expect((await first.exited).code).toBe(0);
		expect(Date.now() - stoppedAt).toBeLessThan(5_000);
		await waitFor(() => closeCodes.length > 0, 'close seen');
		expect(closeCodes[0]).toBe(CloseCode.restart);

		client.doc.getMap('people').set('during', 2);
		const second = await spawnServer({ dataDir, port: first.port });
		await waitFor(() => client.provider.synced && tracker.pending === 0, 'reconnect and ack', 15_000);

		const reader = await synced(connectClient(second.url, ROOM, { doc: new Y.Doc() }));
		expect(reader.doc.getMap('people').toJSON()).toEqual({ before: 1, during: 2 });
	});
});
