import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { readDocVersions } from '../../src/lib/model/derived.ts';
import { inspectionDocument } from '../../src/lib/model/documents.ts';
import { answerItem, readRound } from '../../src/lib/model/inspection.ts';
import { initWorkspace, listRounds } from '../../src/lib/model/meta.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import { BackgroundSync, type VisitStore } from '../../src/lib/sync/background-sync.ts';
import { SyncHub } from '../../src/lib/sync/hub.ts';
import { connectClient, onTeardown, startServer, synced, teardown, waitFor } from './helpers.ts';

// The whole workspace on every device: a device that only ever had `meta` open brings every round
// into IndexedDB one at a time, and finds them there later without a network.

const office = { id: 'office-1', name: '周尹尹' };
const inspector = { id: 'inspector-2', name: '黄春' };
let counter = 0;

afterEach(async () => {
	counter++;
	await teardown();
});

function device(url: string, workspace: string, connect = true): SyncHub {
	const hub = new SyncHub({
		serverUrl: url.replace(/^http/, 'ws') + '/sync',
		workspace,
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		persistence: true,
		connect,
		lingerMs: 0
	});
	onTeardown(() => hub.destroy());
	return hub;
}

function memoryStore(): VisitStore & { versions: Map<string, number> } {
	const versions = new Map<string, number>();
	return { versions, get: (name) => versions.get(name), set: (name, v) => void versions.set(name, v) };
}

/** A workspace with `rounds` rounds, each with one answer by another inspector. */
async function seedWorkspace(url: string, workspace: string, rounds: number) {
	const meta = await synced(connectClient(url, `${workspace}/meta`));
	initWorkspace(meta.doc, { name: '集善中学', actor: office });
	const ids: string[] = [];
	for (let i = 0; i < rounds; i++) {
		const doc = new Y.Doc();
		const { id } = createRound(meta.doc, doc, { title: `第${i + 1}轮`, month: '2026-11', actor: office });
		const client = await synced(connectClient(url, `${workspace}/inspection/${id}`, { doc }));
		const item = readRound(client.doc)!.areas[0]!.items[0]!;
		answerItem(client.doc, item.id, i % 2 ? 'fail' : 'pass', inspector);
		ids.push(id);
	}
	return { meta, ids };
}

function syncer(hub: SyncHub, store: VisitStore): BackgroundSync {
	const meta = hub.open('meta');
	const background = new BackgroundSync({
		hub,
		store,
		documents: () => {
			const versions = readDocVersions(meta.doc);
			return listRounds(meta.doc).map((round) => {
				const name = inspectionDocument(round.id);
				return { name, version: versions.get(name) ?? null };
			});
		}
	});
	onTeardown(() => background.stop());
	meta.onChange(() => background.poke());
	return background;
}

describe('BackgroundSync', () => {
	it('fetches every round one at a time, and a later dead zone finds them complete', async () => {
		const { url, server } = await startServer({ deriveDelayMs: 20 });
		const workspace = `bg${counter}`;
		const { ids } = await seedWorkspace(url, workspace, 8);
		const before = server.stats().connections;

		const hub = device(url, workspace);
		const background = syncer(hub, memoryStore());
		let most = 0;
		const sample = setInterval(() => (most = Math.max(most, server.stats().connections - before)), 2);
		background.start();
		await waitFor(() => background.status.total === 8 && background.status.current === 8, 'all rounds');
		clearInterval(sample);
		// `meta`, the document being visited, and the previous one while the server sees it close:
		// never more, however many rounds there are.
		expect(most).toBeLessThanOrEqual(3);
		expect(hub.openDocuments).toBeLessThanOrEqual(2);
		await hub.destroy();

		// The same device later, with no network: every round is in IndexedDB, with the answers.
		const offline = device(url, workspace, false);
		for (const [i, id] of ids.entries()) {
			const handle = offline.open(inspectionDocument(id));
			await handle.loaded;
			expect(readRound(handle.doc)?.areas[0]?.items[0]?.answer).toMatchObject({
				value: i % 2 ? 'fail' : 'pass',
				byName: '黄春'
			});
		}
	});

	it('visits a round again when the server says it changed, and only then', async () => {
		const { url } = await startServer({ deriveDelayMs: 20 });
		const workspace = `bg${counter}`;
		const { ids } = await seedWorkspace(url, workspace, 3);
		const hub = device(url, workspace);
		const store = memoryStore();
		const background = syncer(hub, store);
		background.start();
		await waitFor(() => background.status.current === 3, 'first pass');
		const visited = new Map(store.versions);

		// Another inspector answers in round 2 while this device only has meta open.
		const other = await synced(connectClient(url, `${workspace}/inspection/${ids[1]}`));
		const item = readRound(other.doc)!.areas[1]!.items[0]!;
		answerItem(other.doc, item.id, 'na', inspector);
		const name = inspectionDocument(ids[1]!);
		await waitFor(() => (store.versions.get(name) ?? 0) > visited.get(name)!, 'second visit');
		expect(store.versions.get(inspectionDocument(ids[0]!))).toBe(visited.get(inspectionDocument(ids[0]!)));
		await waitFor(() => background.status.visiting === null, 'visit done');
		await hub.destroy();

		const offline = device(url, workspace, false);
		const handle = offline.open(name);
		await handle.loaded;
		const again = readRound(handle.doc)!.areas[1]!.items.find((i) => i.id === item.id);
		expect(again?.answer?.value).toBe('na');
	});
});
