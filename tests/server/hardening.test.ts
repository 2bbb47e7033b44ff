import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addMember, api, startAccountServer } from './account-helpers.ts';
import { teardown, tempDir } from './helpers.ts';

afterEach(teardown);

describe('hostile or unlucky input', () => {
	it('answers 400 to a malformed percent-escape in an API path, and keeps serving', async () => {
		const { url, accounts } = await startAccountServer();
		accounts.createWorkspace({ id: 'school', name: '甲校' });
		const leader = addMember(accounts, 'school', 'leader');
		// decodeURIComponent throws on this; unhandled, it took the whole process down.
		const bad = await api(url, '/api/members/%E0%A4%A/revoke', { method: 'POST', token: leader.token });
		expect(bad).toMatchObject({ status: 400, body: { error: 'bad_request' } });
		expect((await api(url, '/api/session', { token: leader.token })).status).toBe(200);
	});
});

describe('files', () => {
	it('creates the data directory, the database and its journal readable by the owner only', async () => {
		const dataDir = join(tempDir(), 'new', 'data');
		const { accounts } = await startAccountServer({ dataDir });
		accounts.createWorkspace({ id: 'school', name: '甲校' }); // a write: the -wal file exists now
		const mode = (name: string) => statSync(join(dataDir, name)).mode & 0o777;
		expect(mode('.')).toBe(0o700);
		for (const name of ['xiaoan.sqlite', 'xiaoan.sqlite-wal', 'secret.key']) {
			expect(mode(name), name).toBe(0o600);
		}
	});
});
