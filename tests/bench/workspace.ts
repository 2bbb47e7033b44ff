import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { readDocVersions } from '../../src/lib/model/derived.ts';
import { inspectionDocument, type DocumentName } from '../../src/lib/model/documents.ts';
import { answerItem, readRound } from '../../src/lib/model/inspection.ts';
import { initWorkspace, listRounds } from '../../src/lib/model/meta.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import { BackgroundSync } from '../../src/lib/sync/background-sync.ts';
import { SyncHub } from '../../src/lib/sync/hub.ts';
import { createSyncServer } from '../../sync-server/server.ts';

export interface WorkspaceResult {
	rounds: number;
	documents: number;
	/** Most sockets the device held open at once while fetching the whole workspace. */
	maxSockets: number;
	/** From sign-in (meta open) until every document is on the device. */
	fullSyncMs: number;
	/** From another inspector's answer in one round until the device has it in IndexedDB. */
	followUpMs: number;
	/** Documents the device visited for that one change (only the changed round is expected). */
	followUpVisits: number;
}

const Polyfill = WebSocket as unknown as typeof globalThis.WebSocket;
const office = { id: 'office', name: '周尹尹' };

async function until(predicate: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

function connect(url: string, room: string, doc: Y.Doc): WebsocketProvider {
	return new WebsocketProvider(url, room, doc, { WebSocketPolyfill: Polyfill, disableBc: true });
}

/**
 * A device that signs in to a workspace of `rounds` rounds: how many sockets it holds open while
 * its background syncer brings every document into IndexedDB, and how it follows one later change.
 */
export async function workspaceSync(rounds: number): Promise<WorkspaceResult> {
	const dataDir = mkdtempSync(join(tmpdir(), 'xiaoan-bench-ws-'));
	const server = await createSyncServer({ port: 0, host: '127.0.0.1', dataDir, log: quietLog });
	const url = `ws://127.0.0.1:${server.port}/sync`;
	try {
		// The office makes the rounds, and an inspector answers a few items in each.
		const metaDoc = new Y.Doc();
		const meta = connect(url, 'bench/meta', metaDoc);
		await until(() => meta.synced, 'meta');
		initWorkspace(metaDoc, { name: '示范学校', actor: office });
		const ids: string[] = [];
		for (let i = 0; i < rounds; i++) {
			const doc = new Y.Doc();
			const { id } = createRound(metaDoc, doc, { title: `第${i + 1}轮`, month: '2026-11', actor: office });
			const items = readRound(doc)!.areas.flatMap((area) => area.items);
			for (const item of items.slice(0, 8)) answerItem(doc, item.id, 'pass', office);
			const provider = connect(url, `bench/inspection/${id}`, doc);
			await until(() => provider.synced, `round ${i}`);
			provider.destroy();
			ids.push(id);
		}
		await until(() => readDocVersions(metaDoc).size >= rounds, 'derived versions');
		meta.destroy();
		await until(() => server.stats().connections === 0, 'seeding sockets closed');

		const hub = new SyncHub({ serverUrl: url, workspace: 'bench', WebSocketPolyfill: Polyfill, lingerMs: 0 });
		const deviceMeta = hub.open('meta');
		const visits: DocumentName[] = [];
		const documents = () => {
			const versions = readDocVersions(deviceMeta.doc);
			const names: DocumentName[] = [
				...listRounds(deviceMeta.doc).map((round) => inspectionDocument(round.id)),
				'ledger',
				'duty',
				'plan',
				'drills'
			];
			return names.map((name) => ({ name, version: versions.get(name) ?? null }));
		};
		const background = new BackgroundSync({ hub, documents });
		background.onStatus(() => {
			const visiting = background.status.visiting;
			if (visiting !== null) visits.push(visiting);
		});
		deviceMeta.onChange(() => background.poke());
		let maxSockets = 0;
		const sampler = setInterval(() => (maxSockets = Math.max(maxSockets, server.stats().connections)), 1);
		const started = performance.now();
		await deviceMeta.loaded;
		background.start();
		await until(
			() => background.status.total === rounds + 4 && background.status.current === rounds + 4,
			'full sync'
		);
		const fullSyncMs = performance.now() - started;
		// Counted while only this device is connected, so every socket is its own.
		clearInterval(sampler);

		// Another inspector answers in one round; the device follows through meta's versions.
		visits.length = 0;
		const changed = new Y.Doc();
		const other = connect(url, `bench/inspection/${ids[0]}`, changed);
		await until(() => other.synced, 'other inspector');
		const item = readRound(changed)!.areas[1]!.items[0]!;
		const followStart = performance.now();
		answerItem(changed, item.id, 'fail', { id: 'inspector', name: '黄春' });
		const name = inspectionDocument(ids[0]!);
		const version = () => readDocVersions(deviceMeta.doc).get(name);
		const before = version();
		await until(() => version() !== before && background.status.current === rounds + 4, 'follow-up');
		await until(() => background.status.visiting === null, 'visit done');
		const followUpMs = performance.now() - followStart;
		other.destroy();
		background.stop();
		await hub.destroy();
		return {
			rounds,
			documents: rounds + 5,
			maxSockets,
			fullSyncMs,
			followUpMs,
			followUpVisits: new Set(visits).size
		};
	} finally {
		await server.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

const quietLog = { info: () => {}, warn: () => {}, error: () => {} };
