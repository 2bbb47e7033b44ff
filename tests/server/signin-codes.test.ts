import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { addMember, api, openAccounts, runAdmin, startAccountServer } from './account-helpers.ts';
import { connectClient, synced, teardown, track, waitFor } from './helpers.ts';

afterEach(teardown);

const HOUR_MS = 3_600_000;

async function setup() {
	const server = await startAccountServer();
	server.accounts.createWorkspace({ id: 'school_a', name: '甲校' });
	server.accounts.createWorkspace({ id: 'school_b', name: '乙校' });
	const leader = addMember(server.accounts, 'school_a', 'leader', '王晓芳');
	const office = addMember(server.accounts, 'school_a', 'office', '李主任');
	const inspector = addMember(server.accounts, 'school_a', 'inspector', '黄春');
	const make = (token: string, memberId: string) =>
		api(server.url, `/api/members/${memberId}/signin-code`, { method: 'POST', token });
	const signIn = (code: unknown) => api(server.url, '/api/signin', { body: { code } });
	const check = (code: unknown) => api(server.url, '/api/codes/check', { body: { code } });
	return { ...server, leader, office, inspector, make, signIn, check };
}

describe('sign-in codes for existing members', () => {
	it('a leader makes one; it signs the member in once, with a token that syncs as them', async () => {
		const { url, leader, inspector, make, signIn, check } = await setup();
		const made = await make(leader.token, inspector.id);
		expect(made.status).toBe(201);
		expect(made.body).toEqual({
			code: expect.stringMatching(/^[0-9A-Z]{10}$/) as string,
			expiresAt: expect.any(Number) as number,
			member: { id: inspector.id, name: '黄春', role: 'inspector' }
		});
		expect(made.body.expiresAt).toBeGreaterThan(Date.now() + 23 * HOUR_MS);
		expect(made.body.expiresAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR_MS);
		const code = made.body.code as string;

		// Checking says whom it is for and does not use it.
		expect(await check(code.toLowerCase())).toMatchObject({
			status: 200,
			body: { kind: 'signin', member: { name: '黄春', role: 'inspector' }, workspace: { name: '甲校' } }
		});
		const typed = `${code.slice(0, 5)}-${code.slice(5)}`.toLowerCase();
		const signed = await signIn(typed);
		expect(signed.status).toBe(200);
		expect(signed.body).toMatchObject({
			member: { id: inspector.id, name: '黄春', role: 'inspector' },
			workspace: { id: 'school_a', name: '甲校' }
		});
		const client = await synced(
			connectClient(url, 'school_a/ledger', { params: { token: signed.body.token as string } })
		);
		const tracker = track(client);
		client.doc.getMap('notes').set('h1', 'x');
		await waitFor(() => tracker.pending === 0, 'stored');
		expect(tracker.refused).toBe(false);

		// Single use: a second redemption, and a check, are refused.
		expect(await signIn(code)).toMatchObject({ status: 410, body: { error: 'signin_code_used' } });
		expect(await check(code)).toMatchObject({ status: 410, body: { error: 'signin_code_used' } });
	});

	it('the office makes one for an inspector or itself, never for a leader', async () => {
		const { leader, office, inspector, make } = await setup();
		expect((await make(office.token, inspector.id)).status).toBe(201);
		expect((await make(office.token, office.id)).status).toBe(201);
		expect(await make(office.token, leader.id)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
		expect((await make(leader.token, leader.id)).status).toBe(201);
		// Only those who run the workspace make codes at all.
		expect(await make(inspector.token, inspector.id)).toMatchObject({
			status: 403,
			body: { error: 'forbidden' }
		});
	});

	it('refuses expired codes, unknown codes and members of another workspace', async () => {
		const { dataDir, accounts, leader, inspector, make, signIn, check } = await setup();
		const yesterday = openAccounts(dataDir, { now: () => Date.now() - 25 * HOUR_MS });
		const stale = yesterday.createSigninCode('school_a', inspector.id, leader.id);
		expect(await signIn(stale.code)).toMatchObject({ status: 410, body: { error: 'signin_code_expired' } });
		expect(await check(stale.code)).toMatchObject({ status: 410, body: { error: 'signin_code_expired' } });
		expect(await signIn('ZZZZZZZZZZ')).toMatchObject({
			status: 404,
			body: { error: 'signin_code_not_found' }
		});
		expect(await check('ZZZZZZZZZZ')).toMatchObject({ status: 404, body: { error: 'code_not_found' } });
		expect(await signIn(42)).toMatchObject({ status: 400, body: { error: 'bad_request' } });
		const stranger = addMember(accounts, 'school_b', 'inspector');
		expect(await make(leader.token, stranger.id)).toMatchObject({
			status: 404,
			body: { error: 'member_not_found' }
		});
	});

	it('refuses a code whose member was revoked after it was made, and a revoked member outright', async () => {
		const { accounts, leader, inspector, make, signIn, check } = await setup();
		const made = await make(leader.token, inspector.id);
		accounts.revokeMember('school_a', inspector.id);
		expect(await check(made.body.code)).toMatchObject({ status: 403, body: { error: 'revoked' } });
		expect(await signIn(made.body.code)).toMatchObject({ status: 403, body: { error: 'revoked' } });
		expect(await make(leader.token, inspector.id)).toMatchObject({ status: 403, body: { error: 'revoked' } });
	});

	it('checking an invite code says it asks for a name, and why a used one fails', async () => {
		const { accounts, check } = await setup();
		const invite = accounts.createInvite('school_a', 'viewer', 'system');
		expect(await check(invite.code)).toMatchObject({
			status: 200,
			body: { kind: 'invite', role: 'viewer', workspace: { id: 'school_a', name: '甲校' } }
		});
		accounts.join(invite.code, '审计员');
		expect(await check(invite.code)).toMatchObject({ status: 410, body: { error: 'invite_used' } });
	});

	it('the admin CLI makes one for a school whose only leader signed out', async () => {
		const { dataDir, leader, signIn } = await setup();
		const made = await runAdmin(dataDir, ['signin-code', '--workspace', 'school_a', '--member', leader.id]);
		expect(made.code, made.stderr).toBe(0);
		const { code, path } = JSON.parse(made.stdout) as { code: string; path: string };
		expect(path).toBe(`/join/${code}`);
		expect(await signIn(code)).toMatchObject({ status: 200, body: { member: { id: leader.id } } });
	});

	it('a backup made before sign-in codes existed still restores, and drops codes made since', async () => {
		const { dataDir, accounts, leader, inspector } = await setup();
		const backup = `${dataDir}/a.sqlite`;
		accounts.backup('school_a', backup);
		const old = new Database(backup);
		old.exec('DROP TABLE signin_codes; PRAGMA user_version = 1;');
		old.close();
		const code = accounts.createSigninCode('school_a', inspector.id, leader.id);
		const restored = await runAdmin(dataDir, ['restore', backup]);
		expect(restored.code, restored.stderr).toBe(0);
		// A restore is a reset: codes made before it are gone with the members they named.
		expect(() => accounts.signIn(code.code)).toThrow(/no such sign-in code/);
	});
});
