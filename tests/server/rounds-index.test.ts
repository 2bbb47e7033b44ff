import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRound } from '../../src/lib/model/inspection.ts';
import { getRoundSummary } from '../../src/lib/model/meta.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { addMember, connectAs, startAccountServer } from './account-helpers.ts';
import { closeEvents, storedDoc, synced, teardown, track, waitFor, type Client } from './helpers.ts';

afterEach(teardown);

const WS = 'school';

async function setup() {
	const server = await startAccountServer();
	server.accounts.createWorkspace({ id: WS, name: '甲校' });
	const office = addMember(server.accounts, WS, 'office', '周主任');
	return { ...server, office };
}

/** An office device that synced `meta`, then went offline and created a round. */
async function offlineRound(url: string, office: ReturnType<typeof addMember>) {
	const meta = await synced(connectAs(url, `${WS}/meta`, office));
	meta.provider.disconnect();
	const roundDoc = new Y.Doc();
	const summary = createRound(meta.doc, roundDoc, {
		title: '离线创建的检查',
		month: '2026-11',
		actor: { id: office.id, name: office.name }
	});
	return { meta, roundDoc, id: summary.id };
}

function storedRound(dataDir: string, id: string) {
	return {
		round: readRound(storedDoc(dataDir, `${WS}/inspection/${id}`)),
		listed: getRoundSummary(storedDoc(dataDir, `${WS}/meta`), id)
	};
}

async function allStored(...clients: Client[]): Promise<void> {
	const trackers = clients.map((client) => track(client));
	await waitFor(
		() => clients.every((c, i) => c.provider.synced && trackers[i]!.pending === 0),
		'stored',
		15_000
	);
}

describe('round documents', () => {
	it('are refused until the workspace index lists them: no junk rooms', async () => {
		const { url, dataDir, accounts, logs } = await setup();
		const inspector = addMember(accounts, WS, 'inspector', '检查员');
		const junk = await synced(connectAs(url, `${WS}/inspection/junk-1`, inspector, { doc: new Y.Doc() }));
		const closes = closeEvents(junk);
		junk.doc.getMap('round').set('id', 'junk-1');
		junk.doc.getText('t').insert(0, 'x'.repeat(10_000));
		await waitFor(() => closes.length > 0, 'refused');
		expect(closes[0]).toEqual({
			code: CloseCode.roundNotIndexed,
			reason: 'round not in the workspace index yet'
		});
		expect(logs.find((entry) => entry.message === 'update refused')?.fields).toMatchObject({
			room: `${WS}/inspection/junk-1`,
			memberId: inspector.id,
			code: CloseCode.roundNotIndexed
		});
		junk.provider.destroy();
		const storage = new SqliteStorage(dataDir, { readonly: true });
		expect(storage.storedBytes(`${WS}/inspection/junk-1`)).toBe(0);
		storage.close();
	});

	it('made offline sync when the round socket connects before meta', async () => {
		const { url, dataDir, office } = await setup();
		const { meta, roundDoc, id } = await offlineRound(url, office);
		const round = connectAs(url, `${WS}/inspection/${id}`, office, { doc: roundDoc });
		const closes = closeEvents(round);
		// The round's step 2 reaches a server whose index does not list it yet: refused, retried.
		await waitFor(() => closes.length > 0, 'round refused before meta');
		expect(closes[0]?.code).toBe(CloseCode.roundNotIndexed);
		meta.provider.connect();
		await allStored(meta, round);
		const stored = storedRound(dataDir, id);
		expect(stored.listed?.title).toBe('离线创建的检查');
		expect(stored.round?.title).toBe('离线创建的检查');
		expect(stored.round?.areas.length).toBeGreaterThan(0);
	});

	it('made offline sync when meta connects first, with no refusal', async () => {
		const { url, dataDir, office } = await setup();
		const { meta, roundDoc, id } = await offlineRound(url, office);
		meta.provider.connect();
		await allStored(meta);
		const round = connectAs(url, `${WS}/inspection/${id}`, office, { doc: roundDoc });
		const closes = closeEvents(round);
		await allStored(round);
		expect(closes).toEqual([]);
		expect(storedRound(dataDir, id).round?.title).toBe('离线创建的检查');
	});
});
