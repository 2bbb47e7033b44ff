import { indexRound } from './round-helpers.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { addMember, api, connectAs, openAccounts, startAccountServer } from './account-helpers.ts';
import { closeEvents, connectClient, synced, teardown, track, waitFor } from './helpers.ts';

afterEach(teardown);

const DAY_MS = 86_400_000;

async function setup() {
	const server = await startAccountServer();
	server.accounts.createWorkspace({ id: 'school_a', name: '甲校' });
	server.accounts.createWorkspace({ id: 'school_b', name: '乙校' });
	const leader = addMember(server.accounts, 'school_a', 'leader', '王晓芳');
	const office = addMember(server.accounts, 'school_a', 'office', '李主任');
	return { ...server, leader, office };
}

describe('POST /api/join', () => {
	it('redeems an invite once: member, token that connects, workspace', async () => {
		const { url, accounts, dataDir } = await setup();
		indexRound(dataDir, 'school_a', 'r1');
		const invite = accounts.createInvite('school_a', 'inspector', 'system');
		const typed = invite.code.toLowerCase().replace(/(.{4})/g, '$1-'); // as a person may type it
		const joined = await api(url, '/api/join', { body: { code: typed, name: '  赵老师 ' } });
		expect(joined.status).toBe(200);
		expect(joined.body).toMatchObject({
			member: { name: '赵老师', role: 'inspector' },
			workspace: { id: 'school_a', name: '甲校' }
		});
		expect(joined.body.expiresAt).toBeGreaterThan(Date.now() + 29 * DAY_MS);
		const client = await synced(
			connectClient(url, 'school_a/inspection/r1', { params: { token: joined.body.token as string } })
		);
		const tracker = track(client);
		client.doc.getMap('answers').set('q1', 'pass');
		await waitFor(() => tracker.pending === 0, 'stored');
		expect(tracker.refused).toBe(false);

		const again = await api(url, '/api/join', { body: { code: invite.code, name: '钱老师' } });
		expect(again).toMatchObject({ status: 410, body: { error: 'invite_used' } });
		expect(typeof again.body.message).toBe('string');
	});

	it('refuses bad names, unknown and expired codes, and bodies that are not JSON', async () => {
		const { url, dataDir, accounts } = await setup();
		const { code } = accounts.createInvite('school_a', 'viewer', 'system');
		const join = (body: unknown) => api(url, '/api/join', { body });
		for (const name of ['', '   ', 'x'.repeat(41), 42, '\u0007', '\u200b\u2060\u202e']) {
			expect(await join({ code, name }), String(name)).toMatchObject({
				status: 400,
				body: { error: 'invalid_name' }
			});
		}
		expect(await join({ code: 'NOPE00000000', name: '甲' })).toMatchObject({
			status: 404,
			body: { error: 'invite_not_found' }
		});
		const past = openAccounts(dataDir, { now: () => Date.now() - 8 * DAY_MS });
		const stale = past.createInvite('school_a', 'viewer', 'system');
		expect(await join({ code: stale.code, name: '甲' })).toMatchObject({
			status: 410,
			body: { error: 'invite_expired' }
		});
		expect(await api(url, '/api/join', { rawBody: '{"code":' })).toMatchObject({
			status: 400,
			body: { error: 'bad_request' }
		});
		expect(await api(url, '/api/join', { rawBody: 'x'.repeat(17 * 1024) })).toMatchObject({ status: 413 });
		expect(await join({ code, name: 'x'.repeat(40) })).toMatchObject({ status: 200 }); // still unused
	});
});

describe('sessions', () => {
	it('GET /api/session tells who the token is for, or why not', async () => {
		const { url, dataDir, accounts, office } = await setup();
		const session = await api(url, '/api/session', { token: office.token });
		expect(session.status).toBe(200);
		expect(session.body).toEqual({
			expiresAt: expect.any(Number) as number,
			member: { id: office.id, name: '李主任', role: 'office' },
			workspace: { id: 'school_a', name: '甲校' },
			device: { number: expect.any(Number) as number, code: expect.stringMatching(/^[A-Z]+$/) as string }
		});
		expect(await api(url, '/api/session')).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
		expect(await api(url, '/api/session', { token: `${office.token}x` })).toMatchObject({
			status: 401,
			body: { error: 'unauthorized' }
		});
		const past = openAccounts(dataDir, { now: () => Date.now() - 31 * DAY_MS });
		const expired = addMember(past, 'school_a', 'dept');
		expect(await api(url, '/api/session', { token: expired.token })).toMatchObject({
			status: 401,
			body: { error: 'expired' }
		});
		accounts.revokeMember('school_a', office.id);
		expect(await api(url, '/api/session', { token: office.token })).toMatchObject({
			status: 403,
			body: { error: 'revoked' }
		});
	});

	it('POST /api/session/refresh renews a token expired within 7 days, never a revoked one', async () => {
		const { url, dataDir, accounts } = await setup();
		const monthAgo = openAccounts(dataDir, { now: () => Date.now() - 35 * DAY_MS });
		const expired = addMember(monthAgo, 'school_a', 'dept', '周老师');
		const refreshed = await api(url, '/api/session/refresh', { method: 'POST', token: expired.token });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body).toMatchObject({
			member: { id: expired.id, role: 'dept' },
			workspace: { id: 'school_a' }
		});
		expect(refreshed.body.expiresAt).toBeGreaterThan(Date.now());
		expect((await api(url, '/api/session', { token: refreshed.body.token as string })).status).toBe(200);

		const yearAgo = openAccounts(dataDir, { now: () => Date.now() - 220 * DAY_MS });
		const tooOld = addMember(yearAgo, 'school_a', 'dept');
		expect(await api(url, '/api/session/refresh', { method: 'POST', token: tooOld.token })).toMatchObject({
			status: 401,
			body: { error: 'expired' }
		});
		accounts.revokeMember('school_a', expired.id);
		expect(await api(url, '/api/session/refresh', { method: 'POST', token: expired.token })).toMatchObject({
			status: 403,
			body: { error: 'revoked' }
		});
	});
});

describe('invites and members', () => {
	it('POST /api/invites: the office invites anyone but a leader; a viewer no one', async () => {
		const { url, accounts, leader, office } = await setup();
		const invite = (token: string, role: unknown) => api(url, '/api/invites', { token, body: { role } });
		const created = await invite(office.token, 'inspector');
		expect(created.status).toBe(201);
		expect(created.body).toEqual({
			code: expect.stringMatching(/^[0-9A-Z]{12}$/) as string,
			role: 'inspector',
			expiresAt: expect.any(Number) as number
		});
		expect(await invite(office.token, 'leader')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
		expect((await invite(leader.token, 'leader')).status).toBe(201);
		expect(await invite(leader.token, 'admin')).toMatchObject({
			status: 400,
			body: { error: 'invalid_role' }
		});
		const viewer = addMember(accounts, 'school_a', 'viewer');
		expect(await invite(viewer.token, 'viewer')).toMatchObject({ status: 403, body: { error: 'forbidden' } });
	});

	it('GET /api/members and POST /api/members/<id>/revoke, which closes the sockets at once', async () => {
		const { url, accounts, leader, office } = await setup();
		const dept = addMember(accounts, 'school_a', 'dept', '孙老师');
		const other = addMember(accounts, 'school_b', 'leader');
		const listed = await api(url, '/api/members', { token: office.token });
		expect(listed.status).toBe(200);
		expect(listed.body.members.map((m: { name: string }) => m.name)).toEqual(['王晓芳', '李主任', '孙老师']);
		expect(listed.body.members[2]).toEqual({
			id: dept.id,
			name: '孙老师',
			role: 'dept',
			createdAt: expect.any(Number) as number,
			revokedAt: null
		});
		expect(await api(url, '/api/members', { token: dept.token })).toMatchObject({ status: 403 });

		const revoke = (token: string, id: string) =>
			api(url, `/api/members/${id}/revoke`, { method: 'POST', token });
		expect(await revoke(leader.token, leader.id)).toMatchObject({
			status: 400,
			body: { error: 'cannot_revoke_self' }
		});
		expect(await revoke(leader.token, other.id)).toMatchObject({
			status: 404,
			body: { error: 'member_not_found' }
		});
		expect(await revoke(dept.token, office.id)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
		// The office runs the workspace but cannot remove a leader (as it cannot make one).
		expect(await revoke(office.token, leader.id)).toMatchObject({
			status: 403,
			body: { error: 'forbidden' }
		});

		const client = await synced(connectAs(url, 'school_a/ledger', dept));
		const closes = closeEvents(client);
		expect(await revoke(office.token, dept.id)).toEqual({ status: 200, body: { ok: true } });
		await waitFor(() => closes.length > 0, 'socket closed', 1_000);
		expect(closes[0]).toEqual({ code: CloseCode.forbidden, reason: 'revoked' });
		const after = await api(url, '/api/members', { token: leader.token });
		expect(after.body.members[2].revokedAt).toEqual(expect.any(Number));
	});
});

describe('GET /api/audit', () => {
	it('lists who wrote a document, newest first, with names; `system` for the seed', async () => {
		const { url, accounts, leader, office } = await setup();
		for (const member of [leader, office]) {
			const client = await synced(connectAs(url, 'school_a/plan', member));
			const tracker = track(client);
			client.doc.getText('body').insert(0, member.name);
			await waitFor(() => tracker.pending === 0, 'stored');
			client.provider.destroy();
		}
		const viewer = addMember(accounts, 'school_a', 'viewer');
		const audit = await api(url, '/api/audit?document=plan', { token: viewer.token });
		expect(audit.status).toBe(200);
		expect(audit.body.entries.map((e: { memberName: string }) => e.memberName)).toEqual(['李主任', '王晓芳']);
		expect(audit.body.entries[0]).toEqual({
			seq: expect.any(Number) as number,
			memberId: office.id,
			memberName: '李主任',
			at: expect.any(Number) as number,
			bytes: expect.any(Number) as number
		});
		const meta = await api(url, '/api/audit?document=meta&limit=1', { token: viewer.token });
		expect(meta.body.entries).toEqual([
			expect.objectContaining({ memberId: 'system', memberName: 'system' })
		]);
		for (const query of ['document=../plan', 'document=inspection', 'document=plan%2F..', '']) {
			expect(await api(url, `/api/audit?${query}`, { token: viewer.token }), query).toMatchObject({
				status: 400,
				body: { error: 'invalid_document' }
			});
		}
		expect((await api(url, '/api/audit?document=plan&limit=501', { token: viewer.token })).status).toBe(400);
		expect((await api(url, '/api/audit?document=plan')).status).toBe(401);
	});

	it('answers JSON 404 and 405 for unknown routes and methods', async () => {
		const { url, leader } = await setup();
		expect(await api(url, '/api/nothing', { token: leader.token })).toMatchObject({
			status: 404,
			body: { error: 'not_found' }
		});
		expect(await api(url, '/api/members', { method: 'DELETE', token: leader.token })).toMatchObject({
			status: 405,
			body: { error: 'method_not_allowed' }
		});
	});
});
