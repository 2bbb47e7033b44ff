import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addMember, api, openAccounts, startAccountServer } from './account-helpers.ts';
import { teardown, tempDir } from './helpers.ts';
import type { AccountStore } from '../../sync-server/accounts/store.ts';

afterEach(teardown);

/**
 * Each device session of a workspace has a number of one sequence (its hazard number space,
 * `deviceCode(n)`): unique, never reused, kept by refreshes and restores.
 */
const sessionInfo = (url: string, token: string) => api(url, '/api/session', { token });
const newDevice = (accounts: AccountStore, memberId: string) =>
	accounts.issueToken(accounts.member(memberId) ?? fail(memberId));
const fail = (what: string): never => {
	throw new Error(`missing ${what}`);
};
/** Tokens are signed per data folder, so another folder's store is asked by session id. */
const sessionOf = (accounts: AccountStore, token: string) => accounts.verifyToken(token).sessionId;
const deviceOf = (accounts: AccountStore, sessionId: string) => accounts.session(sessionId)?.device;

async function setup() {
	const server = await startAccountServer();
	server.accounts.createWorkspace({ id: 'school_a', name: '甲校' });
	server.accounts.createWorkspace({ id: 'school_b', name: '乙校' });
	return server;
}

describe('device numbers', () => {
	it('two devices of one member get different numbers and codes, in the session API', async () => {
		const { url, accounts } = await setup();
		const office = addMember(accounts, 'school_a', 'office', '李主任');
		const laptop = await sessionInfo(url, office.token);
		const phone = await sessionInfo(url, newDevice(accounts, office.id).token);
		expect(laptop.body.device).toEqual({ number: 1, code: 'A' });
		expect(phone.body.device).toEqual({ number: 2, code: 'B' });
		// Another workspace has its own sequence.
		const other = addMember(accounts, 'school_b', 'office', '王主任');
		expect((await sessionInfo(url, other.token)).body.device).toEqual({ number: 1, code: 'A' });
		// The device list shows them too.
		const list = await api(url, '/api/sessions', { token: office.token });
		expect(list.body.sessions.map((s: { device: { code: string } }) => s.device.code).sort()).toEqual([
			'A',
			'B'
		]);
	});

	it('join and sign-in codes answer with the new device number', async () => {
		const { url, accounts } = await setup();
		const office = addMember(accounts, 'school_a', 'office', '李主任');
		const invite = accounts.createInvite('school_a', 'inspector', office.id);
		const joined = await api(url, '/api/join', { body: { code: invite.code, name: '黄春' } });
		expect(joined.body.device).toEqual({ number: 2, code: 'B' });
		const code = await api(url, `/api/members/${joined.body.member.id}/signin-code`, {
			token: office.token,
			method: 'POST'
		});
		const signedIn = await api(url, '/api/signin', { body: { code: code.body.code } });
		expect(signedIn.body.member.id).toBe(joined.body.member.id);
		expect(signedIn.body.device).toEqual({ number: 3, code: 'C' });
	});

	it('never reuses a number after a revoke, and a refresh keeps the number', async () => {
		const { url, accounts } = await setup();
		const dept = addMember(accounts, 'school_a', 'dept', '周老师');
		const second = newDevice(accounts, dept.id);
		const secondId = accounts.verifyToken(second.token).sessionId;
		accounts.revokeSession('school_a', secondId);
		const third = await sessionInfo(url, newDevice(accounts, dept.id).token);
		expect(third.body.device.number).toBe(3);
		accounts.revokeMember('school_a', dept.id);
		const next = addMember(accounts, 'school_a', 'dept', '吴老师');
		expect((await sessionInfo(url, next.token)).body.device.number).toBe(4);

		const refreshed = await api(url, '/api/session/refresh', { method: 'POST', token: next.token });
		expect(refreshed.body.device).toEqual({ number: 4, code: 'D' });
		expect(refreshed.body.token).not.toBe(next.token);
		expect((await sessionInfo(url, refreshed.body.token as string)).body.device.number).toBe(4);
	});

	it('backup and restore keep every number, and the next device goes on after them', () => {
		const accounts = openAccounts(tempDir());
		accounts.createWorkspace({ id: 'school_a', name: '甲校' });
		const a = addMember(accounts, 'school_a', 'office', '李主任');
		const b = addMember(accounts, 'school_a', 'inspector', '黄春');
		const file = join(tempDir(), 'a.sqlite');
		accounts.backup('school_a', file);

		// Into a new data folder: the backed-up devices keep their numbers.
		const elsewhere = openAccounts(tempDir());
		elsewhere.restore(file);
		expect(deviceOf(elsewhere, sessionOf(accounts, a.token))).toBe(1);
		expect(deviceOf(elsewhere, sessionOf(accounts, b.token))).toBe(2);
		expect(newDevice(elsewhere, b.id).device).toBe(3);

		// Over the live workspace with a device made since: everyone keeps theirs.
		const since = newDevice(accounts, a.id);
		accounts.restore(file);
		expect(accounts.verifyToken(a.token).device).toBe(1);
		expect(accounts.verifyToken(b.token).device).toBe(2);
		expect(accounts.verifyToken(since.token).device).toBe(3);
		expect(newDevice(accounts, a.id).device).toBe(4);
	});

	it('a backup from another server of the workspace never takes a number a live device holds', () => {
		const first = openAccounts(tempDir());
		first.createWorkspace({ id: 'school_a', name: '甲校' });
		const a = addMember(first, 'school_a', 'office', '李主任');
		const file = join(tempDir(), 'a.sqlite');
		first.backup('school_a', file);
		const second = openAccounts(tempDir());
		second.createWorkspace({ id: 'school_a', name: '甲校' });
		const other = addMember(second, 'school_a', 'office', '王主任');
		second.restore(file);
		expect(second.verifyToken(other.token).device).toBe(1);
		expect(deviceOf(second, sessionOf(first, a.token))).toBe(2);
	});

	it('numbers the sessions of an older database in creation order, and of a backup without numbers', () => {
		const dataDir = tempDir();
		const before = openAccounts(dataDir);
		before.createWorkspace({ id: 'school_a', name: '甲校' });
		const a = addMember(before, 'school_a', 'office', '李主任');
		const b = addMember(before, 'school_a', 'dept', '周老师');
		const c = newDevice(before, a.id);
		const ids = [a.token, b.token, c.token].map((token) => sessionOf(before, token));
		const file = join(tempDir(), 'old.sqlite');
		before.backup('school_a', file);
		before.close();
		for (const path of [join(dataDir, 'xiaoan.sqlite'), file]) {
			const db = new Database(path);
			db.exec('DROP INDEX sessions_device; ALTER TABLE sessions DROP COLUMN device');
			db.pragma('user_version = 4');
			db.close();
		}

		const after = openAccounts(dataDir);
		expect([a.token, b.token, c.token].map((token) => after.verifyToken(token).device)).toEqual([1, 2, 3]);
		const restored = openAccounts(tempDir());
		restored.restore(file);
		expect(ids.map((id) => deviceOf(restored, id))).toEqual([1, 2, 3]);
	});

	it('two stores on one database (the server and the admin CLI) never issue the same number', () => {
		const dataDir = tempDir();
		const server = openAccounts(dataDir);
		server.createWorkspace({ id: 'school_a', name: '甲校' });
		const cli = openAccounts(dataDir);
		const member = server.addMember('school_a', '李主任', 'office');
		const numbers = Array.from(
			{ length: 20 },
			(_, i) => (i % 2 === 0 ? server : cli).issueToken(member).device
		);
		expect(new Set(numbers).size).toBe(20);
	});
});
