import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { answerItem, readRound } from '../../src/lib/model/inspection.ts';
import { initWorkspace } from '../../src/lib/model/meta.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import { memoryPendingStore, type PendingStore } from '../../src/lib/sync/pending-store.ts';
import { SyncHub, type SyncHubOptions } from '../../src/lib/sync/hub.ts';
import * as Y from 'yjs';
import { startServer, storedDoc, syncUrl, teardown, onTeardown, waitFor } from './helpers.ts';

// The app's own sync layer (SyncHub: IndexedDB via fake-indexeddb, WebsocketProvider, stored
// tracker) against a real server: what the status badge and the "not yet stored" count rely on.

const actor = { id: 'member-1', name: '黄春' };
let workspaceCounter = 0;

function hub(url: string, options: Partial<SyncHubOptions> = {}): SyncHub {
	const instance = new SyncHub({
		serverUrl: syncUrl(url),
		workspace: `hub${workspaceCounter}`,
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		persistence: true,
		lingerMs: 0,
		...options
	});
	onTeardown(() => instance.destroy());
	return instance;
}

afterEach(async () => {
	workspaceCounter++;
	await teardown();
});

describe('SyncHub', () => {
	it('reports connecting, then synced with nothing pending once the server stored a change', async () => {
		const { url, dataDir } = await startServer();
		const app = hub(url);
		const meta = app.open('meta');
		expect(app.status.connection).toBe('connecting');
		await waitFor(() => app.status.connection === 'synced', 'synced');

		initWorkspace(meta.doc, { name: '集善中学', actor });
		expect(app.status.pending).toBe(1);
		await waitFor(() => app.status.pending === 0, 'stored ack');
		const stored = storedDoc(dataDir, `hub${workspaceCounter}/meta`);
		expect(stored.getMap('workspace').size).toBeGreaterThan(0);
	});

	it('counts a deletion as pending until the server stored it', async () => {
		const { url } = await startServer();
		const app = hub(url);
		const handle = app.open('plan');
		await waitFor(() => app.status.connection === 'synced', 'synced');
		const text = handle.doc.getText('scratch');
		text.insert(0, '消防通道畅通');
		await waitFor(() => app.status.pending === 0, 'insert stored');
		text.delete(0, 2);
		expect(app.status.pending).toBe(1);
		await waitFor(() => app.status.pending === 0, 'delete stored');
	});

	it('keeps offline work on the device and its pending count across a restart, then stores it', async () => {
		const { url, dataDir } = await startServer();
		const pendingStore: PendingStore = memoryPendingStore();
		const workspace = `hub${workspaceCounter}`;

		// A device that has never reached the server creates a round and answers an item.
		const offline = hub(url, { connect: false, pendingStore, workspace });
		const meta = offline.open('meta');
		initWorkspace(meta.doc, { name: '集善中学', actor });
		const roundDoc = new Y.Doc();
		const summary = createRound(meta.doc, roundDoc, { title: '十二月检查', month: '2026-12', actor });
		const round = offline.open(`inspection/${summary.id}`);
		Y.applyUpdate(round.doc, Y.encodeStateAsUpdate(roundDoc));
		const view = readRound(round.doc);
		const itemId = view?.areas[0]?.items[0]?.id ?? '';
		answerItem(round.doc, itemId, 'fail', actor);
		expect(offline.status.connection).toBe('offline');
		expect(offline.status.pending).toBeGreaterThanOrEqual(3);
		await Promise.all([meta.loaded, round.loaded]);
		// Let y-indexeddb write, then "close the app".
		await new Promise((resolve) => setTimeout(resolve, 100));
		await offline.destroy();

		// The app opens again, online: the round comes back from IndexedDB and reaches the server.
		const online = hub(url, { pendingStore, workspace });
		const reopened = online.open(`inspection/${summary.id}`);
		online.open('meta');
		await reopened.loaded;
		expect(readRound(reopened.doc)?.areas[0]?.items[0]?.answer?.value).toBe('fail');
		expect(online.status.pending).toBeGreaterThan(0);
		await waitFor(() => online.status.connection === 'synced' && online.status.pending === 0, 'stored');
		const stored = readRound(storedDoc(dataDir, `${workspace}/inspection/${summary.id}`));
		expect(stored?.areas[0]?.items[0]?.answer?.value).toBe('fail');
	});

	it('goes offline at once when told the device lost its network, and back when it returns', async () => {
		const { url } = await startServer();
		const app = hub(url);
		const handle = app.open('ledger');
		await waitFor(() => app.status.connection === 'synced', 'synced');
		app.setOnline(false);
		expect(app.status.connection).toBe('offline');
		handle.doc.getMap('scratch').set('k', 1);
		expect(app.status.pending).toBe(1);
		app.setOnline(true);
		await waitFor(() => app.status.connection === 'synced' && app.status.pending === 0, 'resynced');
	});
});
