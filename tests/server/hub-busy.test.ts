import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SyncHub } from '../../src/lib/sync/hub.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { addMember, startAccountServer } from './account-helpers.ts';
import { onTeardown, rawSocket, syncUrl, teardown, waitFor } from './helpers.ts';

afterEach(teardown);

/** The app's hub for `token`'s member, trying a turned-away document again after 50 ms. */
function busyHub(url: string, token: string): SyncHub {
	const hub = new SyncHub({
		serverUrl: syncUrl(url),
		workspace: 'school',
		params: { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		persistence: false,
		lingerMs: 0,
		busyRetryMs: 50
	});
	onTeardown(() => hub.destroy());
	return hub;
}

/**
 * A member over the server's cap on sockets (many tabs and devices open) gets 4429 for one more
 * document, which y-websocket does not retry. The hub tries that document again by itself, with a
 * growing wait, so what was typed on the device syncs once a place is free, without a reload.
 */
describe('SyncHub and a socket turned away for too many sockets', () => {
	it('tries again by itself and syncs once another socket of the member has closed', async () => {
		const { url, server, accounts, logs } = await startAccountServer({ maxSocketsPerMember: 2 });
		accounts.createWorkspace({ id: 'school', name: '甲校' });
		const office = addMember(accounts, 'school', 'office', '周尹尹');
		const tabs = [await rawSocket(url, 'school/plan', { token: office.token })];
		tabs.push(await rawSocket(url, 'school/duty', { token: office.token }));
		await waitFor(() => server.stats().connections === 2, 'two sockets of the member');

		const hub = busyHub(url, office.token);
		const closes: number[] = [];
		hub.onClosed((close) => closes.push(close.code));
		const drills = hub.open('drills');
		drills.doc.getMap('scratch').set('k', 1);
		await waitFor(() => closes.length >= 2, 'turned away, and again on its own');
		expect(new Set(closes)).toEqual(new Set([CloseCode.tooManySockets]));
		expect(drills.status.connection).toBe('offline');
		expect(drills.status.pending).toBeGreaterThan(0);
		// Not a refusal of the change: the document is not held closed.
		expect(hub.refusal('drills')).toBeNull();

		// A tab is closed: the hub's next try gets in, and the change kept on the device is stored.
		tabs[0]!.ws.close();
		await waitFor(() => drills.status.connection === 'synced' && drills.status.pending === 0, 'synced');
		expect(logs.filter((entry) => entry.message === 'too many sockets').length).toBe(closes.length);
	});

	it('stops trying once the document is closed', async () => {
		const { url, server, accounts } = await startAccountServer({ maxSocketsPerMember: 1 });
		accounts.createWorkspace({ id: 'school', name: '甲校' });
		const office = addMember(accounts, 'school', 'office', '周尹尹');
		const tab = await rawSocket(url, 'school/plan', { token: office.token });
		await waitFor(() => server.stats().connections === 1, 'the member’s one socket');
		const hub = busyHub(url, office.token);
		const closes: number[] = [];
		hub.onClosed((close) => closes.push(close.code));
		hub.open('drills');
		await waitFor(() => closes.length === 1, 'turned away');
		hub.release('drills');
		await waitFor(() => hub.openDocuments === 0, 'closed');
		tab.ws.close();
		await waitFor(() => server.stats().connections === 0, 'the tab closed');
		// Had the hub kept trying, its next try (50 ms after the refusal) would now connect.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(server.stats().connections).toBe(0);
		expect(closes).toEqual([CloseCode.tooManySockets]);
	});
});
