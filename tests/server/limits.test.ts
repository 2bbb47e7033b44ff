import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { CloseCode, MessageType } from '../../src/lib/sync/wire.ts';
import { connectClient, rawSocket, startServer, synced, teardown, waitFor } from './helpers.ts';

afterEach(teardown);

const ROOM = 'ws_test/meta';

describe('connection limits', () => {
	it('terminates a socket that stops answering pings, and keeps live ones', async () => {
		const { url, server } = await startServer({ pingIntervalMs: 50 });
		const live = await synced(connectClient(url, ROOM));
		let liveCloses = 0;
		let livePings = 0;
		live.provider.on('connection-close', () => void liveCloses++);
		(live.provider.ws as unknown as WebSocket).on('ping', () => void livePings++);
		const dead = await rawSocket(url, ROOM, { autoPong: false });
		await waitFor(() => server.stats().connections === 2, 'both connected');

		const { code } = await dead.closed;
		expect(code).toBe(1006); // terminated: no close frame, as for a phone that lost signal
		await waitFor(() => server.stats().connections === 1, 'dead socket forgotten');
		const pingsSoFar = livePings;
		await waitFor(() => livePings >= pingsSoFar + 3, 'more ping rounds');
		expect(liveCloses).toBe(0);
	});

	it('closes a socket that floods beyond its token bucket with 4529; other sockets keep syncing', async () => {
		const { url, logs } = await startServer({ rateLimit: { perSecond: 50, burst: 100 } });
		const a = await synced(connectClient(url, ROOM));
		const b = await synced(connectClient(url, ROOM));
		const flood = await rawSocket(url, ROOM);
		// Within the burst: nothing happens.
		for (let i = 0; i < 50; i++) flood.ws.send(new Uint8Array([MessageType.queryAwareness]));
		a.doc.getMap('m').set('during', 1);
		await waitFor(() => b.doc.getMap('m').get('during') === 1, 'sync while within the limit');
		expect(flood.ws.readyState).toBe(flood.ws.OPEN);
		for (let i = 0; i < 1_000; i++) flood.ws.send(new Uint8Array([MessageType.queryAwareness]));
		expect((await flood.closed).code).toBe(CloseCode.rateLimited);
		expect(logs.some((entry) => entry.message === 'rate limited')).toBe(true);

		// A normal client's traffic stays far below the limit.
		for (let i = 0; i < 40; i++) a.doc.getMap('m').set(`k${i}`, i);
		b.doc.getMap('m').set('from-b', true);
		await waitFor(
			() => b.doc.getMap('m').get('k39') === 39 && a.doc.getMap('m').get('from-b') === true,
			'sync'
		);
		expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
	});

	it('closes a socket whose frame exceeds maxPayload with 1009', async () => {
		const { url } = await startServer({ maxPayload: 1024 });
		const raw = await rawSocket(url, ROOM);
		raw.ws.send(new Uint8Array(2048));
		expect((await raw.closed).code).toBe(CloseCode.tooBig);
	});
});
