import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import {
	addMember,
	api,
	connectAs,
	runAdmin,
	startAccountServer,
	type AdminResult
} from './account-helpers.ts';
import { closeEvents, connectClient, synced, teardown, tempDir, track, waitFor } from './helpers.ts';

afterEach(teardown);

/** The one JSON object a successful command prints first. */
function output(result: AdminResult): Record<string, unknown> {
	expect(result.code, result.stderr).toBe(0);
	return JSON.parse(result.stdout.split('\n')[0] ?? '') as Record<string, unknown>;
}

describe('admin CLI (another process, same data directory, server running)', () => {
	it('creates a workspace, issues a token that connects, lists and revokes members, invites', async () => {
		const dataDir = tempDir();
		const { url } = await startAccountServer({ dataDir });

		const created = output(
			await runAdmin(dataDir, ['workspace', 'create', '--name', '实验中学', '--id', 'cli_ws'])
		);
		expect(created).toEqual({
			id: 'cli_ws',
			name: '实验中学',
			invite: {
				code: expect.stringMatching(/^[0-9A-Z]{12}$/) as string,
				role: 'leader',
				expiresAt: expect.any(Number) as number,
				path: expect.stringMatching(/^\/join\/[0-9A-Z]{12}$/) as string
			}
		});
		const { code } = created.invite as { code: string };
		const joined = await api(url, '/api/join', { body: { code, name: '校长' } });
		expect(joined.body).toMatchObject({
			member: { role: 'leader' },
			workspace: { id: 'cli_ws', name: '实验中学' }
		});

		const issued = await runAdmin(dataDir, [
			'token',
			'--workspace',
			'cli_ws',
			'--name',
			'张老师',
			'--role',
			'office'
		]);
		const lines = issued.stdout.trim().split('\n');
		const token = lines.at(-1) ?? '';
		expect(output(issued)).toEqual({
			memberId: expect.any(String) as string,
			token,
			expiresAt: expect.any(Number),
			device: expect.any(Number)
		});
		const memberId = output(issued).memberId as string;
		const client = await synced(connectClient(url, 'cli_ws/ledger', { params: { token } }));
		const tracker = track(client);
		client.doc.getMap('notes').set('h1', '楼梯扶手松动');
		await waitFor(() => tracker.pending === 0, 'stored');
		expect(tracker.refused).toBe(false);

		const members = output(await runAdmin(dataDir, ['members', '--workspace', 'cli_ws'])).members as {
			name: string;
			role: string;
		}[];
		expect(members.map(({ name, role }) => [name, role])).toEqual([
			['校长', 'leader'],
			['张老师', 'office']
		]);
		const invite = output(
			await runAdmin(dataDir, ['invite', '--workspace', 'cli_ws', '--role', 'inspector'])
		);
		expect(invite).toMatchObject({ role: 'inspector', path: `/join/${invite.code as string}` });

		const closes = closeEvents(client);
		expect(
			output(await runAdmin(dataDir, ['revoke', '--workspace', 'cli_ws', '--member', memberId]))
		).toEqual({
			ok: true
		});
		await waitFor(() => closes.length > 0, 'socket closed by the poll');
		expect(closes[0]).toEqual({ code: CloseCode.forbidden, reason: 'revoked' });
	});

	it('lists and cancels invites, lists and ends device sessions; `token` for a taken name is a new device', async () => {
		const dataDir = tempDir();
		const { url, accounts } = await startAccountServer({ dataDir });
		accounts.createWorkspace({ id: 'iv', name: '邀请学校' });
		const office = addMember(accounts, 'iv', 'office', '李主任');
		const invite = accounts.createInvite('iv', 'inspector', office.id);
		const listed = output(await runAdmin(dataDir, ['invites', '--workspace', 'iv']));
		expect(listed.invites).toEqual([expect.objectContaining({ code: invite.code, status: 'pending' })]);
		expect(
			output(await runAdmin(dataDir, ['cancel-invite', '--workspace', 'iv', '--code', invite.code]))
		).toMatchObject({ ok: true, invite: { status: 'cancelled' } });
		expect((await api(url, '/api/join', { body: { code: invite.code, name: '甲' } })).status).toBe(410);

		const args = ['token', '--workspace', 'iv', '--name', '李主任', '--role', 'office'];
		expect(output(await runAdmin(dataDir, args)).memberId).toBe(office.id);
		const taken = await runAdmin(dataDir, [
			'token',
			'--workspace',
			'iv',
			'--name',
			'李主任',
			'--role',
			'dept'
		]);
		expect(JSON.parse(taken.stderr)).toMatchObject({ error: 'name_taken' });
		const sessions = output(await runAdmin(dataDir, ['sessions', '--workspace', 'iv', '--member', office.id]))
			.sessions as { id: string }[];
		expect(sessions).toHaveLength(2);
		const id = accounts.verifyToken(office.token).sessionId;
		output(await runAdmin(dataDir, ['revoke-session', '--workspace', 'iv', '--session', id]));
		expect((await api(url, '/api/session', { token: office.token })).body).toMatchObject({
			error: 'revoked'
		});
	});

	it('reports errors as JSON on stderr: exit 1 for refusals, 2 for usage', async () => {
		const dataDir = tempDir();
		const missing = await runAdmin(dataDir, ['members', '--workspace', 'nope']);
		expect(missing.code).toBe(1);
		expect(JSON.parse(missing.stderr)).toMatchObject({ error: 'workspace_not_found' });
		const usage = await runAdmin(dataDir, ['token', '--workspace', 'x']);
		expect(usage.code).toBe(2);
		expect(JSON.parse(usage.stderr)).toMatchObject({ error: 'usage', message: '--name is required' });
		expect((await runAdmin(dataDir, ['frobnicate'])).code).toBe(2);
		expect(missing.stdout + usage.stdout).toBe('');
	});

	it('backup → restore while serving: clients reconnect; restored data and newer edits both remain', async () => {
		const dataDir = tempDir();
		const { url, accounts } = await startAccountServer({ dataDir });
		accounts.createWorkspace({ id: 'bk', name: '备份学校' });
		const office = addMember(accounts, 'bk', 'office', '李主任');
		const client = await synced(connectAs(url, 'bk/ledger', office));
		const tracker = track(client);
		const hazards = client.doc.getMap('notes');
		hazards.set('before', 1);
		await waitFor(() => tracker.pending === 0, 'stored');

		const file = join(tempDir(), 'bk.sqlite');
		const backup = output(await runAdmin(dataDir, ['backup', '--workspace', 'bk', '--out', file]));
		expect(backup).toEqual({ ok: true, file, documents: 3, bytes: expect.any(Number) as number });

		// After the backup: an edit the connected client keeps, one nobody keeps, and a new member.
		hazards.set('after', 2);
		const transient = await synced(connectAs(url, 'bk/drills', office, { doc: new Y.Doc() }));
		const transientTracker = track(transient);
		transient.doc.getMap('notes').set('lost', 3);
		await waitFor(() => tracker.pending === 0 && transientTracker.pending === 0, 'both stored');
		transient.provider.destroy();
		const newcomer = addMember(accounts, 'bk', 'dept');

		const closes = closeEvents(client);
		expect(output(await runAdmin(dataDir, ['restore', file]))).toEqual({
			ok: true,
			workspace: 'bk',
			documents: 3
		});
		await waitFor(() => closes.length > 0, 'close after restore');
		expect(closes[0]?.code).toBe(CloseCode.restart);
		await waitFor(() => client.provider.synced && tracker.pending === 0, 'reconnected and resent');

		const fresh = await synced(connectAs(url, 'bk/ledger', office, { doc: new Y.Doc() }));
		expect(fresh.doc.getMap('notes').toJSON()).toEqual({ before: 1, after: 2 });
		const drills = await synced(connectAs(url, 'bk/drills', office, { doc: new Y.Doc() }));
		expect(drills.doc.getMap('notes').has('lost')).toBe(false);
		// Members are merged, not rolled back: one who joined after the backup keeps access.
		expect((await api(url, '/api/session', { token: newcomer.token })).status).toBe(200);
		expect(accounts.workspace('bk')?.generation).toBe(1);
	});

	it('restore keeps what ended access since the backup, and re-sent changes keep their author', async () => {
		const dataDir = tempDir();
		const { url, accounts } = await startAccountServer({ dataDir });
		accounts.createWorkspace({ id: 'rs', name: '恢复学校' });
		const author = addMember(accounts, 'rs', 'office', '李主任');
		const relay = addMember(accounts, 'rs', 'inspector', '赵老师');
		const revoked = addMember(accounts, 'rs', 'dept', '钱老师');
		const signedOut = addMember(accounts, 'rs', 'dept', '孙老师');
		const invite = accounts.createInvite('rs', 'viewer', author.id);
		const authorClient = await synced(connectAs(url, 'rs/ledger', author));
		const relayClient = await synced(connectAs(url, 'rs/ledger', relay, { doc: new Y.Doc() }));
		const file = join(tempDir(), 'rs.sqlite');
		output(await runAdmin(dataDir, ['backup', '--workspace', 'rs', '--out', file]));

		const tracker = track(authorClient);
		authorClient.doc.getMap('notes').set('after', '灭火器过期');
		await waitFor(() => tracker.pending === 0, 'stored');
		await waitFor(() => relayClient.doc.getMap('notes').has('after'), 'relayed');
		authorClient.provider.destroy(); // only the relay can bring the change back
		expect((await api(url, '/api/join', { body: { code: invite.code, name: '周老师' } })).status).toBe(200);
		accounts.revokeMember('rs', revoked.id);
		accounts.revokeSession('rs', accounts.sessions(signedOut.id)[0]?.id ?? '');

		const closes = closeEvents(relayClient);
		output(await runAdmin(dataDir, ['restore', file]));
		await waitFor(() => closes.length > 0, 'close after restore');
		const relayTracker = track(relayClient);
		await waitFor(() => relayClient.provider.synced && relayTracker.pending === 0, 'relay resent');
		const fresh = await synced(connectAs(url, 'rs/ledger', relay, { doc: new Y.Doc() }));
		expect(fresh.doc.getMap('notes').get('after')).toBe('灭火器过期');

		for (const member of [revoked, signedOut]) {
			expect((await api(url, '/api/session', { token: member.token })).body, member.name).toMatchObject({
				error: 'revoked'
			});
		}
		expect(await api(url, '/api/join', { body: { code: invite.code, name: '吴老师' } })).toMatchObject({
			status: 410,
			body: { error: 'invite_used' }
		});
		const audit = await api(url, '/api/audit?document=ledger', { token: author.token });
		const writers = (audit.body.entries as { memberId: string }[]).map((entry) => entry.memberId);
		expect(writers).toContain(author.id);
		expect(writers).not.toContain(relay.id); // the relay never wrote anything itself
	});
});
