import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, startServer, synced, teardown, waitFor } from './helpers.ts';

afterEach(teardown);

const ROOM = 'ws_test/plan';

describe('sync between clients', () => {
	it('converges maps, arrays and text, and relays awareness', async () => {
		const { url } = await startServer();
		const a = await synced(connectClient(url, ROOM));
		const b = await synced(connectClient(url, ROOM));

		a.doc.getMap('hazards').set('h1', 'stair rail loose');
		b.doc.getArray('photos').push(['sha256-1', 'sha256-2']);
		a.doc.getText('notes').insert(0, 'fire exit ');
		b.doc.getText('notes').insert(0, 'blocked');
		a.provider.awareness.setLocalState({ name: 'Wang' });
		b.provider.awareness.setLocalState({ name: 'Li' });

		const state = (client: typeof a) =>
			JSON.stringify([
				client.doc.getMap('hazards').toJSON(),
				client.doc.getArray('photos').toJSON(),
				client.doc.getText('notes').toString()
			]);
		await waitFor(() => state(a) === state(b) && b.doc.getText('notes').length === 17, 'convergence');
		expect(b.doc.getMap('hazards').get('h1')).toBe('stair rail loose');
		expect(a.doc.getArray('photos').toArray()).toEqual(['sha256-1', 'sha256-2']);
		expect(a.doc.getText('notes').toString()).toMatch(/^(fire exit blocked|blockedfire exit )$/);

		const names = (client: typeof a) =>
			[...client.provider.awareness.getStates().values()].map((state) => state.name as string).sort();
		await waitFor(() => names(a).length === 2 && names(b).length === 2, 'awareness');
		expect(names(a)).toEqual(['Li', 'Wang']);
	});

	it('merges edits made while one client was offline, losing none', async () => {
		const { url } = await startServer();
		const a = await synced(connectClient(url, ROOM));
		const b = await synced(connectClient(url, ROOM));
		a.provider.disconnect();

		a.doc.getMap('answers').set('item-1', 'fail');
		a.doc.getText('note').insert(0, 'offline note');
		b.doc.getMap('answers').set('item-2', 'pass');
		b.doc.getText('note').insert(0, 'online note ');
		a.provider.connect();

		await waitFor(() => a.doc.getMap('answers').size === 2 && b.doc.getMap('answers').size === 2, 'merge');
		await waitFor(() => a.doc.getText('note').toString() === b.doc.getText('note').toString(), 'text merge');
		expect(b.doc.getMap('answers').toJSON()).toEqual({ 'item-1': 'fail', 'item-2': 'pass' });
		expect(b.doc.getText('note').toString()).toContain('offline note');
		expect(b.doc.getText('note').toString()).toContain('online note');
	});
});

describe('storage across restarts', () => {
	it('never serves a stored document empty after a restart', async () => {
		const first = await startServer();
		const writer = await synced(connectClient(first.url, ROOM));
		writer.doc.getMap('plan').set('title', '2026 秋季修订');
		const reader = await synced(connectClient(first.url, ROOM));
		await waitFor(() => reader.doc.getMap('plan').get('title') !== undefined, 'relay');
		writer.provider.destroy();
		reader.provider.destroy();
		await first.close();

		const second = await startServer({ dataDir: first.dataDir });
		const fresh = connectClient(second.url, ROOM, { connect: false });
		let atFirstSync: unknown = 'never synced';
		fresh.provider.on('sync', (isSynced: boolean) => {
			// Read synchronously at the first `synced`: a server that answered before loading would
			// have sent an empty document here, and only a later update would bring the data.
			if (isSynced && atFirstSync === 'never synced') atFirstSync = fresh.doc.getMap('plan').get('title');
		});
		fresh.provider.connect();
		await waitFor(() => atFirstSync !== 'never synced', 'first sync');
		expect(atFirstSync).toBe('2026 秋季修订');
	});

	it('unloads a room nobody has open and reloads it on the next connect', async () => {
		const { url, server } = await startServer({ unloadDelayMs: 0 });
		const a = await synced(connectClient(url, ROOM));
		const b = await synced(connectClient(url, 'ws_test/ledger'));
		a.doc.getMap('m').set('k', 'v');
		b.doc.getMap('m').set('k', 'ledger');
		await waitFor(() => server.stats().rooms === 2, 'two rooms');
		a.provider.destroy();
		b.provider.destroy();
		await waitFor(() => server.stats().rooms === 0 && server.stats().connections === 0, 'unload');

		const again = connectClient(url, ROOM);
		let atFirstSync: unknown;
		again.provider.once('sync', () => (atFirstSync = again.doc.getMap('m').get('k')));
		await synced(again);
		expect(atFirstSync).toBe('v');
		expect(server.stats()).toEqual({ rooms: 1, connections: 1 });
	});

	it('compacts stored updates into a snapshot and keeps the audit trail', async () => {
		const { url, dataDir } = await startServer({ compactAfter: 10 });
		const writer = await synced(connectClient(url, ROOM));
		const watcher = await synced(connectClient(url, ROOM));
		const items = writer.doc.getArray<number>('items');
		for (let i = 0; i < 50; i++) items.push([i]);
		await waitFor(() => watcher.doc.getArray('items').length === 50, 'all 50 edits relayed');

		const { SqliteStorage } = await import('../../sync-server/storage/sqlite.ts');
		const storage = new SqliteStorage(dataDir, { readonly: true });
		try {
			const since = storage.countSinceSnapshot(ROOM);
			expect(since).toBeLessThanOrEqual(10);
			// load() = snapshot + updates since: one more row than the updates means a snapshot.
			expect(storage.load(ROOM)).toHaveLength(since + 1);
			expect(storage.audit(ROOM, 1000).length).toBeGreaterThanOrEqual(50);
			expect(storage.audit(ROOM, 1)[0]?.memberId).toBe('anonymous');
		} finally {
			storage.close();
		}

		const fresh = await synced(connectClient(url, ROOM, { doc: new Y.Doc() }));
		expect(fresh.doc.getArray('items').toArray()).toEqual([...Array(50).keys()]);
	});
});
