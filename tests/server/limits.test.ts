import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { CloseCode } from '../../src/lib/sync/wire.ts';
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

	it('closes a socket whose frame exceeds maxPayload with 1009', async () => {
		const { url } = await startServer({ maxPayload: 1024 });
		const raw = await rawSocket(url, ROOM);
		raw.ws.send(new Uint8Array(2048));
		expect((await raw.closed).code).toBe(CloseCode.tooBig);
	});
});
