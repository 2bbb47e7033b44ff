import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addMember, openAccounts } from './account-helpers.ts';
import { teardown, tempDir } from './helpers.ts';

afterEach(teardown);

describe('restore merges account state', () => {
	it('from a backup of schema version 1, which has no sessions, owners or cancelled invites', () => {
		const accounts = openAccounts(tempDir());
		accounts.createWorkspace({ id: 'v1', name: '旧备份' });
		const kept = addMember(accounts, 'v1', 'office', '李主任');
		const cancelled = accounts.createInvite('v1', 'viewer', kept.id);
		const file = join(tempDir(), 'v1.sqlite');
		accounts.backup('v1', file);
		const old = new Database(file);
		old.exec('DROP TABLE sessions; DROP TABLE authors; ALTER TABLE invites DROP COLUMN cancelled_at');
		old.pragma('user_version = 1');
		old.close();

		accounts.cancelInvite('v1', cancelled.code);
		expect(accounts.restore(file)).toMatchObject({ workspace: 'v1' });
		expect(accounts.verifyToken(kept.token).member.id).toBe(kept.id); // its session was kept
		expect(accounts.invites('v1')).toEqual([expect.objectContaining({ status: 'cancelled' })]);
	});
});
