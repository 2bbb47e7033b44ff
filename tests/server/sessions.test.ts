import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { addMember, api, connectAs, openAccounts, startAccountServer } from './account-helpers.ts';
import { closeEvents, storedDoc, synced, teardown, track, waitFor } from './helpers.ts';

afterEach(teardown);

const DAY_MS = 86_400_000;
const refresh = (url: string, token: string) => api(url, '/api/session/refresh', { method: 'POST', token });

async function setup(accountOptions: Parameters<typeof startAccountServer>[1] = {}, revocationPollMs = 100) {
	const server = await startAccountServer({ revocationPollMs }, accountOptions);
	server.accounts.createWorkspace({ id: 'school_a', name: '甲校' });
	return server;
}

describe('refreshing a token', () => {
	it('works up to 7 days after expiry, not 180', async () => {
		const { url, dataDir } = await setup();
		const at = (daysAgo: number) => openAccounts(dataDir, { now: () => Date.now() - daysAgo * DAY_MS });
		const recent = addMember(at(35), 'school_a', 'dept', '周老师'); // expired 5 days ago
		expect((await refresh(url, recent.token)).status).toBe(200);
		for (const daysAgo of [38, 210]) {
			const old = addMember(at(daysAgo), 'school_a', 'dept', `老师${daysAgo}`);
			expect(await refresh(url, old.token), `${daysAgo} days`).toMatchObject({
				status: 401,
				body: { error: 'expired' }
			});
		}
	});

	it('replaces the old token, which works only for a short grace', async () => {
		const { url, accounts } = await setup({ replacedTokenGraceMs: 400 });
		const dept = addMember(accounts, 'school_a', 'dept');
		const renewed = await refresh(url, dept.token);
		expect(renewed.status).toBe(200);
		const fresh = renewed.body.token as string;
		expect(fresh).not.toBe(dept.token);
		expect((await api(url, '/api/session', { token: dept.token })).status).toBe(200); // in flight
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(await api(url, '/api/session', { token: dept.token })).toMatchObject({
			status: 401,
			body: { error: 'expired' }
		});
		expect((await api(url, '/api/session', { token: fresh })).status).toBe(200);
		expect(await refresh(url, dept.token)).toMatchObject({ status: 401, body: { error: 'expired' } });
		const client = await synced(connectAs(url, 'school_a/ledger', { ...dept, token: fresh }));
		expect(client.provider.wsconnected).toBe(true);
	});

	it('hands the new token out again to a device whose refresh answer was lost, until it is used', async () => {
		const { url, accounts } = await setup({ replacedTokenGraceMs: 100 });
		const dept = addMember(accounts, 'school_a', 'dept');
		const lost = (await refresh(url, dept.token)).body.token as string;
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await api(url, '/api/session', { token: dept.token })).status).toBe(401);
		const again = await refresh(url, dept.token);
		expect(again).toMatchObject({ status: 200, body: { token: lost } });
		expect((await api(url, '/api/session', { token: lost })).status).toBe(200);
		expect((await refresh(url, dept.token)).status).toBe(401); // the device has moved on
	});

	it('gives two tabs refreshing with the same token the same new token', async () => {
		const { url, accounts } = await setup();
		const dept = addMember(accounts, 'school_a', 'dept');
		const [a, b] = await Promise.all([refresh(url, dept.token), refresh(url, dept.token)]);
		expect([a.status, b.status]).toEqual([200, 200]);
		expect(a.body.token).toBe(b.body.token);
		const later = await refresh(url, dept.token); // still within the grace: the same again
		expect(later.body.token).toBe(a.body.token);
	});
});

describe('device sessions', () => {
	it('a member lists their devices and signs one out: its sockets close at once, the other works', async () => {
		const { url, accounts } = await setup();
		const phone = addMember(accounts, 'school_a', 'inspector', '赵老师');
		const member = accounts.member(phone.id);
		if (member === null) throw new Error('no member');
		const laptop = { ...phone, token: accounts.issueToken(member, undefined, 'Laptop Browser').token };

		const listed = await api(url, '/api/sessions', { token: laptop.token });
		expect(listed.status).toBe(200);
		expect(listed.body.sessions).toHaveLength(2);
		const [mine, other] = [...(listed.body.sessions as { id: string; current: boolean }[])].sort(
			(x, y) => Number(y.current) - Number(x.current)
		);
		expect(listed.body.sessions[0]).toMatchObject({ agent: 'Laptop Browser', current: true });
		expect(mine?.current).toBe(true);

		const phoneClient = await synced(connectAs(url, 'school_a/ledger', phone));
		const closes = closeEvents(phoneClient);
		const revoked = await api(url, `/api/sessions/${other?.id ?? ''}/revoke`, {
			method: 'POST',
			token: laptop.token
		});
		expect(revoked).toEqual({ status: 200, body: { ok: true } });
		await waitFor(() => closes.length > 0, 'phone socket closed', 1_000);
		expect(closes[0]).toEqual({ code: CloseCode.forbidden, reason: 'revoked' });
		expect(await api(url, '/api/session', { token: phone.token })).toMatchObject({
			status: 403,
			body: { error: 'revoked' }
		});
		expect(await refresh(url, phone.token)).toMatchObject({ status: 403, body: { error: 'revoked' } });
		expect((await api(url, '/api/session', { token: laptop.token })).status).toBe(200);
		expect((await api(url, '/api/sessions', { token: laptop.token })).body.sessions).toHaveLength(1);
	});

	it('the office lists and signs out a member’s device; others may not', async () => {
		const { url, accounts } = await setup();
		const leader = addMember(accounts, 'school_a', 'leader');
		const office = addMember(accounts, 'school_a', 'office');
		const dept = addMember(accounts, 'school_a', 'dept');
		const listed = await api(url, `/api/sessions?member=${dept.id}`, { token: office.token });
		expect(listed.body.sessions).toEqual([expect.objectContaining({ current: false })]);
		expect(await api(url, `/api/sessions?member=${office.id}`, { token: dept.token })).toMatchObject({
			status: 403,
			body: { error: 'forbidden' }
		});
		const leaderSessions = await api(url, `/api/sessions?member=${leader.id}`, { token: leader.token });
		const leaderSession = leaderSessions.body.sessions[0].id as string;
		const revoke = (token: string, id: string) =>
			api(url, `/api/sessions/${id}/revoke`, { method: 'POST', token });
		expect(await revoke(office.token, leaderSession)).toMatchObject({ status: 403 });
		expect(await revoke(office.token, 'nope')).toMatchObject({
			status: 404,
			body: { error: 'session_not_found' }
		});
		expect((await revoke(office.token, listed.body.sessions[0].id as string)).status).toBe(200);
		expect((await api(url, '/api/session', { token: dept.token })).status).toBe(403);
	});
});

describe('a revocation by another process (the admin CLI)', () => {
	it('refuses the very next write, long before the poll', async () => {
		const { url, dataDir, accounts } = await setup({}, 60_000);
		const dept = addMember(accounts, 'school_a', 'dept');
		const client = await synced(connectAs(url, 'school_a/ledger', dept));
		const tracker = track(client);
		client.doc.getMap('notes').set('before', 1);
		await waitFor(() => tracker.pending === 0, 'stored');
		const closes = closeEvents(client);
		openAccounts(dataDir).revokeMember('school_a', dept.id);
		client.doc.getMap('notes').set('after', 2);
		await waitFor(() => closes.length > 0, 'closed at the write', 2_000);
		expect(closes[0]).toEqual({ code: CloseCode.forbidden, reason: 'revoked' });
		expect(storedDoc(dataDir, 'school_a/ledger').getMap('notes').toJSON()).toEqual({ before: 1 });
	});

	it('also for one device session', async () => {
		const { url, dataDir, accounts } = await setup({}, 60_000);
		const dept = addMember(accounts, 'school_a', 'dept');
		const client = await synced(connectAs(url, 'school_a/ledger', dept, { doc: new Y.Doc() }));
		const closes = closeEvents(client);
		const [session] = accounts.sessions(dept.id);
		openAccounts(dataDir).revokeSession('school_a', session?.id ?? '');
		client.doc.getMap('notes').set('after', 2);
		await waitFor(() => closes.length > 0, 'closed at the write', 2_000);
		expect(closes[0]).toEqual({ code: CloseCode.forbidden, reason: 'revoked' });
		expect(storedDoc(dataDir, 'school_a/ledger').getMap('notes').has('after')).toBe(false);
	});
});
