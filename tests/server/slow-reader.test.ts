import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, connectAs, openAccounts, type TestMember } from './account-helpers.ts';
import { spawnServer, synced, teardown, tempDir, waitFor } from './helpers.ts';
import {
	bigUpdate,
	emptyStep1,
	healthzMs,
	rssBytes,
	slowReader,
	storeUpdate
} from './slow-reader-helpers.ts';

afterEach(teardown);

const ROOM = 'school/ledger';
const MB = 1024 * 1024;
const READERS = 300;

describe('clients that ask and never read (issue 7, finding 1)', () => {
	it('300 slow readers of a 7 MB document: memory stays under +100 MB, /healthz answers within 200 ms', async () => {
		const dataDir = tempDir();
		const accounts = openAccounts(dataDir);
		accounts.createWorkspace({ id: 'school', name: '甲校' });
		const update = bigUpdate(7 * MB);
		expect(update.byteLength).toBeGreaterThan(6.5 * MB);
		storeUpdate(dataDir, ROOM, update);
		// 20 sockets per member by default: the readers are 15 viewers (the report's was one).
		const viewers: TestMember[] = Array.from({ length: READERS / 20 }, (_, i) =>
			addMember(accounts, 'school', 'viewer', `viewer${i}`)
		);
		const office = addMember(accounts, 'school', 'office', '周尹尹');
		const auditor = addMember(accounts, 'school', 'viewer', '审计');

		// A child process, as `npm start` runs it, with the default limits: its memory is its own.
		const server = await spawnServer({ dataDir });
		const pid = server.child.pid ?? 0;
		let logs = '';
		server.child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
		const legit = await synced(connectAs(server.url, ROOM, auditor), 30_000);
		expect(legit.doc.getMap('notes').size).toBeGreaterThan(7_000);
		await healthzMs(server.url); // the test process's first request sets up its HTTP client
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		const baseline = rssBytes(pid);

		let peak = baseline;
		const sample = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 50);
		const tooMuch = () => peak - baseline > 100 * MB;
		try {
			for (let i = 0; i < READERS; i++) {
				if (tooMuch()) break; // today's code: no need to wait for 2.7 GB to fail
				// The first reader is the report's: 300 four-byte sync step 1 frames, then silence.
				const frames = Array.from({ length: i === 0 ? 300 : 10 }, emptyStep1);
				await slowReader(server.url, ROOM, viewers[i % viewers.length]!.token, frames);
				// The first 150 at once, then under the default 20 upgrades a second per address.
				if (i >= 150) await new Promise((resolve) => setTimeout(resolve, 40));
			}
			const settle = Date.now() + 3_000;
			await waitFor(() => tooMuch() || Date.now() > settle, 'settling', 10_000);
			const healthz: number[] = [];
			for (let i = 0; i < 5 && !tooMuch(); i++) {
				healthz.push(await healthzMs(server.url));
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
			console.info(
				`slow readers: rss baseline ${(baseline / MB).toFixed(0)} MB, peak +${((peak - baseline) / MB).toFixed(1)} MB; ` +
					`healthz ${healthz.map((ms) => ms.toFixed(0)).join(', ')} ms`
			);
			expect((peak - baseline) / MB).toBeLessThan(100);
			expect(healthz).toHaveLength(5);
			for (const ms of healthz) expect(ms).toBeLessThan(200);
		} finally {
			clearInterval(sample);
		}
		// Every reader was let in: the limits above were not what kept memory down.
		expect(logs).not.toMatch(/too many sockets|upgrades rate limited/);

		// Legitimate clients are still served: a change reaches the open one, a new one loads it all.
		const writer = await synced(connectAs(server.url, ROOM, office), 30_000);
		writer.doc.getMap('notes').set('new', 'after the readers');
		await waitFor(() => legit.doc.getMap('notes').get('new') === 'after the readers', 'broadcast', 10_000);
		const fresh = await synced(connectAs(server.url, ROOM, auditor, { doc: new Y.Doc() }), 30_000);
		expect(fresh.doc.getMap('notes').size).toBe(legit.doc.getMap('notes').size);
	}, 120_000);
});
