import { indexRound } from './round-helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { addMember, connectAs, openAccounts, startAccountServer } from './account-helpers.ts';
import {
	closeEvents,
	connectClient,
	rawUpgrade,
	storedDoc,
	synced,
	teardown,
	track,
	waitFor,
	type Client
} from './helpers.ts';

afterEach(teardown);

const DAY_MS = 86_400_000;

/** Waits until the provider gives up for good and returns the close that made it. */
async function refusal(client: Client): Promise<{ code: number; reason: string }> {
	const events = closeEvents(client);
	await waitFor(() => events.length > 0 && !client.provider.shouldConnect, 'the provider to give up');
	await new Promise((resolve) => setTimeout(resolve, 100));
	expect(events).toHaveLength(1); // and no retry after it
	return events[0] ?? { code: 0, reason: '' };
}

async function setup(options: { revocationPollMs?: number } = {}) {
	const server = await startAccountServer(options);
	server.accounts.createWorkspace({ id: 'school_a', name: '甲校' });
	indexRound(server.dataDir, 'school_a', 'r1');
	server.accounts.createWorkspace({ id: 'school_b', name: '乙校' });
	return server;
}

describe('refused connections', () => {
	it('without a token: 4401 unauthorized', async () => {
		const { url } = await setup();
		expect(await refusal(connectClient(url, 'school_a/meta'))).toEqual({
			code: CloseCode.unauthorized,
			reason: 'unauthorized'
		});
	});

	it('with a forged token (payload changed, signature kept): 4401 unauthorized', async () => {
		const { url, accounts } = await setup();
		const viewer = addMember(accounts, 'school_a', 'viewer');
		const [payload, signature] = viewer.token.split('.');
		const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
		const forged = `${Buffer.from(JSON.stringify({ ...claims, role: 'leader' })).toString('base64url')}.${signature}`;
		const client = connectAs(url, 'school_a/plan', { ...viewer, token: forged });
		expect(await refusal(client)).toEqual({ code: CloseCode.unauthorized, reason: 'unauthorized' });
	});

	it('with an expired token: 4401 expired', async () => {
		const { url, dataDir } = await setup();
		const past = openAccounts(dataDir, { now: () => Date.now() - 31 * DAY_MS });
		const client = connectAs(url, 'school_a/meta', addMember(past, 'school_a', 'office'));
		expect(await refusal(client)).toEqual({ code: CloseCode.unauthorized, reason: 'expired' });
	});

	it("with a revoked member's token: 4403 revoked", async () => {
		const { url, accounts } = await setup();
		const office = addMember(accounts, 'school_a', 'office');
		accounts.revokeMember('school_a', office.id);
		expect(await refusal(connectAs(url, 'school_a/meta', office))).toEqual({
			code: CloseCode.forbidden,
			reason: 'revoked'
		});
	});

	it('with a token of another workspace: 4403 forbidden', async () => {
		const { url, accounts } = await setup();
		const leaderOfA = addMember(accounts, 'school_a', 'leader');
		expect(await refusal(connectAs(url, 'school_b/meta', leaderOfA))).toEqual({
			code: CloseCode.forbidden,
			reason: 'forbidden'
		});
	});

	it('for a room with `..`: 4400, token or not', async () => {
		const { url, accounts } = await setup();
		const leader = addMember(accounts, 'school_a', 'leader');
		const path = `/sync/school_a/../school_b/meta?token=${leader.token}`;
		expect(await rawUpgrade(url, path)).toEqual({ status: 101, closeCode: CloseCode.badRoom });
		expect(await refusal(connectAs(url, 'school_a/..', leader))).toMatchObject({ code: CloseCode.badRoom });
	});
});

describe('open connections', () => {
	it('are closed with 4403 within a few seconds when another process revokes the member', async () => {
		const { url, dataDir, accounts } = await setup({ revocationPollMs: 2_000 });
		const dept = addMember(accounts, 'school_a', 'dept');
		const client = await synced(connectAs(url, 'school_a/ledger', dept));
		const closes = closeEvents(client);
		const cli = openAccounts(dataDir); // another handle on the file, as the admin CLI has
		const revokedAt = Date.now();
		cli.revokeMember('school_a', dept.id);
		await waitFor(() => closes.length > 0, 'close after revocation', 5_000);
		expect(Date.now() - revokedAt).toBeLessThan(4_000);
		expect(closes[0]).toEqual({ code: CloseCode.forbidden, reason: 'revoked' });
		await waitFor(() => !client.provider.shouldConnect, 'the provider to give up');
	});

	it('are closed with 4401 expired when the token expires', async () => {
		const { url, dataDir } = await setup();
		const shortLived = openAccounts(dataDir, { tokenLifetimeMs: 2_000 });
		const client = await synced(connectAs(url, 'school_a/ledger', addMember(shortLived, 'school_a', 'dept')));
		const closes = closeEvents(client);
		await waitFor(() => closes.length > 0, 'close at expiry', 5_000);
		expect(closes[0]).toEqual({ code: CloseCode.unauthorized, reason: 'expired' });
	});
});

describe('write permissions by role', () => {
	it("drops a viewer's update: neither broadcast nor stored; presence still works", async () => {
		const { url, dataDir, accounts } = await setup();
		const room = 'school_a/ledger';
		const writer = await synced(connectAs(url, room, addMember(accounts, 'school_a', 'office')));
		const viewer = await synced(connectAs(url, room, addMember(accounts, 'school_a', 'viewer')));
		const viewerTracker = track(viewer);
		const writerTracker = track(writer);
		viewer.doc.getMap('notes').set('from-viewer', 1);
		viewer.provider.awareness.setLocalState({ name: 'viewer' });
		await waitFor(() => viewerTracker.refused, 'refusal');
		writer.doc.getMap('notes').set('from-writer', 1);
		await waitFor(() => writerTracker.pending === 0, 'writer stored');
		await waitFor(() => viewer.doc.getMap('notes').has('from-writer'), 'viewer reads');
		const names = () =>
			[...writer.provider.awareness.getStates().values()].map((state) => state.name as unknown);
		await waitFor(() => names().includes('viewer'), "the viewer's presence");
		expect(writer.doc.getMap('notes').has('from-viewer')).toBe(false);
		expect(storedDoc(dataDir, room).getMap('notes').toJSON()).toEqual({ 'from-writer': 1 });
	});

	it('lets a dept member write the ledger but not the plan, and an inspector write a round', async () => {
		const { url, dataDir, accounts } = await setup();
		const dept = addMember(accounts, 'school_a', 'dept');
		const inspector = addMember(accounts, 'school_a', 'inspector');
		const write = async (room: string, member: typeof dept) => {
			const client = await synced(connectAs(url, room, member, { doc: new Y.Doc() }));
			const tracker = track(client);
			client.doc.getMap('m').set(member.name, room);
			await waitFor(() => tracker.pending === 0 || tracker.refused, `answer for ${room}`);
			return { refused: tracker.refused, stored: storedDoc(dataDir, room).getMap('m').get(member.name) };
		};
		expect(await write('school_a/plan', dept)).toEqual({ refused: true, stored: undefined });
		expect(await write('school_a/ledger', dept)).toEqual({ refused: false, stored: 'school_a/ledger' });
		expect(await write('school_a/inspection/r1', inspector)).toEqual({
			refused: false,
			stored: 'school_a/inspection/r1'
		});
		expect(await write('school_a/meta', inspector)).toEqual({ refused: true, stored: undefined });
	});
});
