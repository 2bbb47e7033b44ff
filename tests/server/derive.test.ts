import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readDocVersions, readRoundStats } from '../../src/lib/model/derived.ts';
import { answerItem, readRound } from '../../src/lib/model/inspection.ts';
import { initWorkspace } from '../../src/lib/model/meta.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import { connectClient, startServer, storedDoc, synced, teardown, waitFor } from './helpers.ts';

// The server derives round summaries and document versions into `meta` with the model's own code,
// so lists work for everyone (inspectors may not write `meta`) without opening every document.

const office = { id: 'office-1', name: '周尹尹' };
const inspector = { id: 'inspector-1', name: '黄春' };

afterEach(teardown);

async function workspaceWithRound(url: string) {
	const meta = await synced(connectClient(url, 'w1/meta'));
	initWorkspace(meta.doc, { name: '集善中学', actor: office });
	const roundDoc = new Y.Doc();
	const summary = createRound(meta.doc, roundDoc, { title: '11月检查', month: '2026-11', actor: office });
	const round = await synced(connectClient(url, `w1/inspection/${summary.id}`, { doc: roundDoc }));
	return { meta, round, id: summary.id };
}

describe('derived summaries in meta', () => {
	it("writes a round's progress, failures and last change after an inspector answers", async () => {
		const { url, dataDir } = await startServer({ deriveDelayMs: 20 });
		const { meta, round, id } = await workspaceWithRound(url);
		await waitFor(() => readRoundStats(meta.doc, id) !== null, 'summary of the new round');
		expect(readRoundStats(meta.doc, id)).toMatchObject({ answered: 0, status: 'not_started' });

		const items = readRound(round.doc)!.areas.flatMap((area) => area.items);
		answerItem(round.doc, items[0]!.id, 'pass', inspector, 1_800_000_000_000);
		answerItem(round.doc, items[1]!.id, 'fail', inspector, 1_800_000_001_000);
		await waitFor(() => readRoundStats(meta.doc, id)?.answered === 2, 'summary after two answers');
		expect(readRoundStats(meta.doc, id)).toEqual({
			total: items.length,
			answered: 2,
			pass: 1,
			fail: 1,
			na: 0,
			conflicts: 0,
			status: 'in_progress',
			lastChangeAt: 1_800_000_001_000,
			lastChangeBy: '黄春',
			lifecycle: 'open'
		});
		// Stored as well, so a device that connects later reads it from meta.
		await waitFor(() => readRoundStats(storedDoc(dataDir, 'w1/meta'), id)?.answered === 2, 'stored');
	});

	it('raises a document version with each stored change, so devices know what to fetch', async () => {
		const { url } = await startServer({ deriveDelayMs: 20 });
		const { meta } = await workspaceWithRound(url);
		const ledger = await synced(connectClient(url, 'w1/ledger'));
		ledger.doc.getMap('probe').set('a', 1);
		await waitFor(() => readDocVersions(meta.doc).has('ledger'), 'ledger version');
		const first = readDocVersions(meta.doc).get('ledger')!;
		ledger.doc.getMap('probe').set('a', 2);
		await waitFor(() => (readDocVersions(meta.doc).get('ledger') ?? 0) > first, 'raised version');
	});

	it('derives the summary of a round stored before summaries existed when it loads', async () => {
		const { url, dataDir, close } = await startServer({ deriveDelayMs: 20 });
		const { meta, round, id } = await workspaceWithRound(url);
		const item = readRound(round.doc)!.areas[0]!.items[0]!;
		answerItem(round.doc, item.id, 'na', inspector);
		await waitFor(() => readRoundStats(meta.doc, id)?.na === 1, 'summary');
		meta.provider.destroy();
		round.provider.destroy();
		await close();

		// Wipe the summary from storage, as a database from an older server would be.
		const { SqliteStorage } = await import('../../sync-server/storage/sqlite.ts');
		const storage = new SqliteStorage(dataDir);
		const old = storedDoc(dataDir, 'w1/meta');
		old.getMap('roundStats').delete(id);
		storage.compact('w1/meta', Y.encodeStateAsUpdate(old));
		storage.close();
		expect(readRoundStats(storedDoc(dataDir, 'w1/meta'), id)).toBeNull();

		const again = await startServer({ dataDir, deriveDelayMs: 20 });
		const fresh = await synced(connectClient(again.url, 'w1/meta'));
		expect(readRoundStats(fresh.doc, id)).toBeNull();
		await synced(connectClient(again.url, `w1/inspection/${id}`));
		await waitFor(() => readRoundStats(fresh.doc, id)?.na === 1, 'summary derived on load');
	});
});
