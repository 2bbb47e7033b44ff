import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { addMember, connectAs, startAccountServer } from './account-helpers.ts';
import { closeEvents, connectClient, rawSocket, startServer, synced, teardown, waitFor } from './helpers.ts';

afterEach(teardown);

const ROOM = 'school/ledger';

describe('who may open one more socket (issue 7, finding 1)', () => {
	it('caps sockets per member with 4429, which y-websocket does not retry; others still connect', async () => {
		const { url, server, accounts, logs } = await startAccountServer({ maxSocketsPerMember: 3 });
		accounts.createWorkspace({ id: 'school', name: '甲校' });
		const greedy = addMember(accounts, 'school', 'viewer', '贪心');
		const other = addMember(accounts, 'school', 'inspector', '李四');
		const open = [];
		for (let i = 0; i < 3; i++) open.push(await rawSocket(url, ROOM, { token: greedy.token }));
		await waitFor(() => server.stats().connections === 3, 'three sockets');

		const fourth = await rawSocket(url, ROOM, { token: greedy.token });
		expect(await fourth.closed).toEqual({ code: CloseCode.tooManySockets, reason: 'too many connections' });
		expect(logs.filter((entry) => entry.message === 'too many sockets')).toHaveLength(1);

		// A provider over the cap stops: reconnecting would only be refused again.
		const provider = connectAs(url, ROOM, greedy);
		const closes = closeEvents(provider);
		await waitFor(() => closes.length === 1, 'provider refused');
		expect(closes[0]?.code).toBe(CloseCode.tooManySockets);
		expect(provider.provider.shouldConnect).toBe(false);

		// Another member is not affected, and a closed socket frees its place.
		await synced(connectAs(url, ROOM, other));
		open[0]?.ws.close();
		await waitFor(() => server.stats().connections === 3, 'one of the three closed');
		provider.provider.connect();
		await synced(provider);
	});

	it('limits upgrades per address with 4529, logged once per burst; a client retries and connects', async () => {
		const { url, logs } = await startServer({ upgradeRateLimit: { perSecond: 2, burst: 3 } });
		for (let i = 0; i < 3; i++) await rawSocket(url, ROOM);
		const refused = [];
		for (let i = 0; i < 3; i++) refused.push((await rawSocket(url, ROOM)).closed);
		for (const closed of await Promise.all(refused)) {
			expect(closed).toEqual({
				code: CloseCode.rateLimited,
				reason: 'too many connections from this address'
			});
		}
		expect(logs.filter((entry) => entry.message === 'upgrades rate limited')).toHaveLength(1);

		// y-websocket retries 4529 with backoff, and gets in once the bucket has refilled.
		const client = connectClient(url, ROOM);
		const closes = closeEvents(client);
		await synced(client);
		expect(closes[0]?.code).toBe(CloseCode.rateLimited);
	});
});
