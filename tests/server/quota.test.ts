import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { addMember, connectAs, startAccountServer } from './account-helpers.ts';
import { closeEvents, synced, teardown, track, waitFor } from './helpers.ts';

afterEach(teardown);

const WS = 'school';
const KiB = 1024;

function bytesOf(dataDir: string, name: string): number {
	const storage = new SqliteStorage(dataDir, { readonly: true });
	try {
		return storage.storedBytes(name);
	} finally {
		storage.close();
	}
}

describe('storage limits', () => {
	it('refuse a document past its cap (after compacting it) and a workspace past its quota', async () => {
		const { url, dataDir, accounts, logs } = await startAccountServer({
			maxDocumentBytes: 64 * KiB,
			maxWorkspaceBytes: 240 * KiB
		});
		accounts.createWorkspace({ id: WS, name: '甲校' });
		const office = addMember(accounts, WS, 'office', '周主任');

		// Edits that replace each other: stored updates pile up, the document itself stays small,
		// so the cap compacts the room and takes them.
		const ledger = await synced(connectAs(url, `${WS}/ledger`, office));
		const closes = closeEvents(ledger);
		const tracker = track(ledger);
		for (let i = 0; i < 8; i++) ledger.doc.getMap('notes').set('draft', 'x'.repeat(12 * KiB));
		await waitFor(() => tracker.pending === 0, 'replacing edits stored');
		expect(closes).toEqual([]);
		expect(bytesOf(dataDir, `${WS}/ledger`)).toBeLessThan(64 * KiB);
		// …but the workspace keeps them as history (a compaction archives, never deletes), and
		// counts them, so no member can fill the disk through it.
		expect(bytesOf(dataDir, WS)).toBeGreaterThan(8 * 12 * KiB);

		// New content past the cap is refused whole.
		ledger.doc.getMap('notes').set('big', 'y'.repeat(60 * KiB));
		await waitFor(() => closes.length > 0, 'document refused');
		expect(closes[0]).toEqual({ code: CloseCode.documentTooLarge, reason: 'document too large' });
		expect(logs.find((entry) => entry.fields.code === CloseCode.documentTooLarge)?.fields).toMatchObject({
			room: `${WS}/ledger`,
			memberId: office.id
		});
		expect(bytesOf(dataDir, `${WS}/ledger`)).toBeLessThan(64 * KiB);

		// Each document under its cap, the workspace (history included) over its quota at the third.
		const refused: number[] = [];
		for (const document of ['drills', 'plan', 'duty']) {
			const client = await synced(connectAs(url, `${WS}/${document}`, office, { doc: new Y.Doc() }));
			const events = closeEvents(client);
			const stored = track(client);
			client.doc.getMap('notes').set('bulk', 'z'.repeat(50 * KiB));
			await waitFor(() => events.length > 0 || stored.pending === 0, `${document} answered`);
			if (events.length > 0) refused.push(events[0]!.code);
		}
		expect(refused).toEqual([CloseCode.workspaceFull]);
		expect(bytesOf(dataDir, WS)).toBeLessThanOrEqual(240 * KiB);
	});
});
