import { indexRound } from './round-helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StoredTracker } from '../../src/lib/sync/stored-tracker.ts';
import { CloseCode, MessageType } from '../../src/lib/sync/wire.ts';
import { AuthError, type Authenticate } from '../../sync-server/server.ts';
import {
	connectClient,
	onTeardown,
	rawUpgrade,
	startServer,
	synced,
	teardown,
	waitFor,
	type Client
} from './helpers.ts';

afterEach(teardown);

const ROOM = 'ws_test/inspection/round-1';

/** `?role=viewer` reads only; anything else writes. */
const byRole: Authenticate = (request) => {
	const role = new URL(request.url ?? '/', 'http://x').searchParams.get('role');
	const viewer = role === 'viewer';
	return Promise.resolve({
		memberId: viewer ? 'm-viewer' : 'm-writer',
		memberName: role ?? '',
		canWrite: !viewer
	});
};

function track(client: Client): StoredTracker {
	const tracker = new StoredTracker(client.provider, client.doc);
	onTeardown(() => tracker.destroy());
	return tracker;
}

describe('read-only connections', () => {
	it("drops a viewer's edits (not broadcast, not stored) but lets it read and share presence", async () => {
		const first = await startServer({ authenticate: byRole });
		indexRound(first.dataDir, 'ws_test', 'round-1');
		const writer = await synced(connectClient(first.url, ROOM, { params: { role: 'writer' } }));
		const viewer = await synced(connectClient(first.url, ROOM, { params: { role: 'viewer' } }));
		const writerTracker = track(writer);
		const viewerTracker = track(viewer);
		writer.provider.awareness.setLocalState({ name: 'writer' });
		viewer.provider.awareness.setLocalState({ name: 'viewer' });

		viewer.doc.getMap('answers').set('v', 'pass');
		viewer.doc.getMap('answers').set('v2', 'fail');
		writer.doc.getMap('answers').set('w', 'fail');
		await waitFor(() => viewer.doc.getMap('answers').get('w') === 'fail', 'viewer reads');
		await waitFor(() => viewerTracker.refused, 'refused ack');

		// The server handled the viewer's edits before its ack; an ack to the writer for a later
		// edit comes after anything the server could have relayed to the writer before it.
		writer.doc.getMap('answers').set('w2', 'pass');
		await waitFor(() => writerTracker.pending === 0, 'writer ack');
		expect(writerTracker.refused).toBe(false);
		expect(writer.doc.getMap('answers').has('v')).toBe(false);
		expect(writer.doc.getMap('answers').has('v2')).toBe(false);

		const names = (client: Client) => [...client.provider.awareness.getStates().values()].map((s) => s.name);
		await waitFor(() => names(writer).includes('viewer') && names(viewer).includes('writer'), 'awareness');
		const refusals = first.logs.filter((entry) => entry.message.startsWith('update refused'));
		expect(refusals).toHaveLength(1);
		expect(refusals[0]?.fields).toMatchObject({ room: ROOM, memberId: 'm-viewer' });

		await first.close();
		const second = await startServer({ dataDir: first.dataDir });
		const fresh = await synced(connectClient(second.url, ROOM, { doc: new Y.Doc() }));
		expect(fresh.doc.getMap('answers').toJSON()).toEqual({ w: 'fail', w2: 'pass' });
	});

	it('a viewer that changed nothing is never told it was refused', async () => {
		const { url, dataDir } = await startServer({ authenticate: byRole });
		indexRound(dataDir, 'ws_test', 'round-1');
		const writer = await synced(connectClient(url, ROOM));
		writer.doc.getMap('answers').set('w', 'fail');
		writer.doc.getMap('answers').delete('w');
		const viewer = await synced(connectClient(url, ROOM, { params: { role: 'viewer' } }));
		const tracker = track(viewer);
		const handleAck = viewer.provider.messageHandlers[MessageType.stored];
		let acks = 0;
		viewer.provider.messageHandlers[MessageType.stored] = (...args) => {
			acks++;
			handleAck?.(...args);
		};
		// Its step 2 after each sync step 1 carries the document's deletions, which it cannot "write".
		viewer.provider.disconnect();
		viewer.provider.connect();
		await synced(viewer);
		await waitFor(() => acks > 0, 'an ack after the resync');
		expect(tracker.refused).toBe(false);
	});
});

describe('refused connections', () => {
	it('closes with the AuthError code, and y-websocket stops retrying on 44xx', async () => {
		const { url } = await startServer({
			authenticate: () => Promise.reject(new AuthError(CloseCode.unauthorized, 'token expired'))
		});
		const client = connectClient(url, ROOM);
		const closed: { code: number; reason: string }[] = [];
		client.provider.on('closed', (event) => void closed.push(event));
		await waitFor(() => closed.length === 1, 'closed');
		expect(closed[0]).toEqual({ code: CloseCode.unauthorized, reason: 'token expired' });
		expect(client.provider.shouldConnect).toBe(false);
	});

	it('closes invalid rooms with 4400 and refuses other upgrade paths', async () => {
		const { url } = await startServer();
		for (const path of [
			'/sync/../x',
			'/sync/ws_test/foo',
			'/sync/ws_test/inspection',
			`/sync/${'a'.repeat(65)}/meta`,
			`/sync/ws_test/inspection/${'r'.repeat(200)}`
		]) {
			expect(await rawUpgrade(url, path), path).toEqual({ status: 101, closeCode: CloseCode.badRoom });
		}
		expect(await rawUpgrade(url, '/other')).toEqual({ status: 400 });

		const client = connectClient(url, 'ws_test/foo');
		await waitFor(() => !client.provider.shouldConnect, 'provider gives up');

		const health = await fetch(`${url}/healthz`);
		expect(health.status).toBe(200);
	});
});
