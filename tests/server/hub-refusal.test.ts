import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type * as Y from 'yjs';
import { SyncHub } from '../../src/lib/sync/hub.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { onTeardown, syncUrl, teardown, waitFor } from './helpers.ts';
import { NOW, WS, officeMajorHazard, school } from './rules-helpers.ts';

afterEach(teardown);

/**
 * The app's side of a refused change: the hub remembers the document the server refused for good,
 * keeps it closed when the network comes back or a token is refreshed, and tries once more only
 * when asked (a reload does the same), so the refused change is not sent again and again.
 */
describe('SyncHub and a change the server refused for a broken rule', () => {
	it('keeps the document closed until asked to retry, and the attempt is recorded once per try', async () => {
		const s = await school();
		const { hazard } = await officeMajorHazard(s, NOW - 60_000);
		const hub = new SyncHub({
			serverUrl: syncUrl(s.url),
			workspace: WS,
			params: { token: s.huang.token },
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			persistence: false,
			lingerMs: 0
		});
		onTeardown(() => hub.destroy());
		const ledger = hub.open('ledger');
		await waitFor(() => ledger.status.connection === 'synced', 'synced');
		const rec = ledger.doc.getMap<Y.Map<unknown>>('hazards').get(hazard.id)!;
		rec.set('level', '一般');
		await waitFor(() => hub.refusal('ledger') !== null, 'refused');
		expect(hub.refusal('ledger')).toBe(CloseCode.notPermitted);
		expect(hub.refusals).toEqual([['ledger', CloseCode.notPermitted]]);

		// The network comes back, a token is refreshed: the refused document stays closed.
		hub.setOnline(false);
		hub.setOnline(true);
		hub.reconnect();
		expect(ledger.status.connection).toBe('offline');
		expect(s.accounts.violations(WS, 10)).toMatchObject([{ memberName: '黄春', attempts: 1 }]);

		hub.retry('ledger');
		expect(hub.refusal('ledger')).toBe(null);
		await waitFor(() => hub.refusal('ledger') !== null, 'refused again');
		expect(s.accounts.violations(WS, 10)).toMatchObject([{ memberName: '黄春', attempts: 2 }]);
	});
});
