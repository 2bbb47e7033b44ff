import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { answerItem, readRound, setItemNote } from '../../src/lib/model/inspection.ts';
import { initWorkspace, listRounds } from '../../src/lib/model/meta.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import { fnv1a32 } from '../../src/lib/model/hash.ts';
import { SyncHub } from '../../src/lib/sync/hub.ts';
import {
	FORMAT_VERSION,
	WorkspaceFileError,
	decodeWorkspaceFile,
	encodeWorkspaceFile,
	type FileProblem,
	type WorkspaceFile
} from '../../src/lib/sync/workspace-file.ts';
import { exportWorkspace, importWorkspace } from '../../src/lib/sync/workspace-transfer.ts';
import { alice, bob } from './helpers.ts';
import { device as photoDevice, hang, imageFile, succeed, until } from './media-helpers.ts';

function sample(overrides: Partial<WorkspaceFile> = {}): WorkspaceFile {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, '校安');
	return {
		workspace: { id: 'ws_1', name: '集善中学' },
		schemaVersion: 1,
		exportedAt: '2026-11-29T11:42:00.000Z',
		exportedBy: alice,
		documents: [
			{ name: 'meta', update: Y.encodeStateAsUpdate(doc) },
			{ name: 'inspection/round-1', update: Y.encodeStateAsUpdate(new Y.Doc()) }
		],
		photos: [],
		...overrides
	};
}

function problem(bytes: Uint8Array, workspace?: string): FileProblem | 'accepted' {
	try {
		decodeWorkspaceFile(bytes, workspace);
		return 'accepted';
	} catch (error) {
		if (error instanceof WorkspaceFileError) return error.problem;
		throw error;
	}
}

/** Appends a fresh checksum to `body`, so only the change under test is wrong. */
function resealed(body: Uint8Array): Uint8Array {
	const out = new Uint8Array(body.length + 4);
	out.set(body);
	new DataView(out.buffer).setUint32(body.length, fnv1a32(body));
	return out;
}

describe('workspace file format', () => {
	it('round-trips every field and every byte', () => {
		const file = sample({
			photos: [{ hash: 'a'.repeat(64), type: 'image/jpeg', bytes: new Uint8Array([1, 2, 3]) }]
		});
		const back = decodeWorkspaceFile(encodeWorkspaceFile(file), 'ws_1');
		expect(back).toEqual(file);
	});

	it('refuses an empty file and a file with no documents', () => {
		expect(problem(new Uint8Array())).toBe('empty');
		expect(problem(encodeWorkspaceFile(sample({ documents: [] })))).toBe('empty');
	});

	it('refuses a file of another kind', () => {
		expect(problem(new TextEncoder().encode('{"kind":"something-else"}'))).toBe('wrong-kind');
		expect(problem(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toBe('wrong-kind');
	});

	it('refuses a truncated or damaged file', () => {
		const bytes = encodeWorkspaceFile(sample());
		expect(problem(bytes.subarray(0, bytes.length - 10))).toBe('corrupt');
		expect(problem(bytes.subarray(0, 17))).toBe('corrupt');
		const flipped = bytes.slice();
		flipped[40] = flipped[40]! ^ 0xff;
		expect(problem(flipped)).toBe('corrupt');
	});

	it('refuses updates Yjs cannot read and unknown document names, even with a right checksum', () => {
		const garbage = sample({
			documents: [{ name: 'meta', update: new Uint8Array([200, 1, 2, 3, 4, 5, 6]) }]
		});
		expect(problem(encodeWorkspaceFile(garbage))).toBe('corrupt');
		const bytes = encodeWorkspaceFile(sample());
		const body = bytes.subarray(0, bytes.length - 4);
		const text = new TextDecoder('latin1').decode(body);
		const at = text.indexOf('inspection/round-1');
		const renamed = body.slice();
		renamed.set(new TextEncoder().encode('inspection/../../x'), at);
		expect(problem(resealed(renamed))).toBe('corrupt');
	});

	it('refuses a photo named by anything but a content hash', () => {
		const bad = sample({ photos: [{ hash: '../../etc', type: 'image/jpeg', bytes: new Uint8Array([1]) }] });
		expect(problem(encodeWorkspaceFile(bad))).toBe('corrupt');
	});

	it('refuses a file from a newer format version before reading the rest', () => {
		const bytes = encodeWorkspaceFile(sample());
		const newer = bytes.slice();
		newer[16] = FORMAT_VERSION + 1;
		expect(problem(newer)).toBe('newer-format');
	});

	it('refuses a file of another workspace, naming it', () => {
		const bytes = encodeWorkspaceFile(sample());
		expect(problem(bytes, 'ws_2')).toBe('other-workspace');
		try {
			decodeWorkspaceFile(bytes, 'ws_2');
		} catch (error) {
			expect((error as WorkspaceFileError).workspaceName).toBe('集善中学');
		}
	});
});

describe('export and import through the hub', () => {
	const hubs: SyncHub[] = [];
	let n = 0;
	afterEach(async () => {
		await Promise.all(hubs.splice(0).map((hub) => hub.destroy()));
	});

	/** An offline device (fake-indexeddb is one per process: a workspace id of its own per test). */
	function device(workspace: string): SyncHub {
		const hub = new SyncHub({
			serverUrl: 'ws://127.0.0.1:9/sync',
			workspace,
			connect: false,
			persistence: true,
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			lingerMs: 0
		});
		hubs.push(hub);
		return hub;
	}

	it('carries every document, and importing merges with edits made meanwhile (nothing lost)', async () => {
		const ws = `ws_merge_${n++}`;
		const office = device(ws);
		const meta = office.open('meta');
		await meta.loaded;
		initWorkspace(meta.doc, { name: '集善中学', actor: alice });
		const ids: string[] = [];
		for (const title of ['11月检查', '12月检查']) {
			const id = `round-${ids.length}`;
			const round = office.open(`inspection/${id}`);
			await round.loaded;
			createRound(meta.doc, round.doc, { id, title, month: '2026-11', actor: alice });
			const items = readRound(round.doc)!.areas[0]!.items;
			answerItem(round.doc, items[0]!.id, 'fail', alice);
			setItemNote(round.doc, items[0]!.id, '围墙裂缝', alice);
			office.release(`inspection/${id}`);
			ids.push(id);
		}
		office.open('ledger').doc.getMap('hazards').set('h1', 'from office');
		office.release('ledger');

		const { bytes, report } = await exportWorkspace(office, { workspaceName: '集善中学', actor: alice });
		expect(report).toMatchObject({ documents: 7, rounds: 2 });
		const file = decodeWorkspaceFile(bytes, ws);
		expect(file.documents.map((d) => d.name).sort()).toEqual(
			['drills', 'duty', 'ledger', 'meta', 'plan', 'inspection/round-0', 'inspection/round-1'].sort()
		);

		// The same workspace's documents, after the device edited them further on its own: the
		// import adds what the file has and keeps every later edit.
		const round0 = office.open('inspection/round-0');
		await round0.loaded;
		const item = readRound(round0.doc)!.areas[0]!.items[1]!;
		answerItem(round0.doc, item.id, 'pass', bob);
		const ledger = office.open('ledger');
		await ledger.loaded;
		ledger.doc.getMap('hazards').set('h2', 'later');
		// A copy of the file's documents as another device would have them, plus its own edit.
		const other = new Y.Doc();
		Y.applyUpdate(other, file.documents.find((d) => d.name === 'inspection/round-0')!.update);
		setItemNote(other, readRound(other)!.areas[0]!.items[0]!.id, '围墙裂缝，已设警示带', bob);
		const merged = {
			...file,
			documents: file.documents.map((d) =>
				d.name === 'inspection/round-0' ? { ...d, update: Y.encodeStateAsUpdate(other) } : d
			)
		};
		const imported = await importWorkspace(office, merged, bob);
		expect(imported).toEqual({ documents: 7, rounds: 2, changed: 1, photos: 0 });
		const view = readRound(round0.doc)!;
		expect(view.areas[0]!.items[1]!.answer?.value).toBe('pass');
		expect(view.areas[0]!.items[0]!.answer?.value).toBe('fail');
		expect(view.areas[0]!.items[0]!.note).toBe('围墙裂缝，已设警示带');
		expect(ledger.doc.getMap('hazards').toJSON()).toEqual({ h1: 'from office', h2: 'later' });
		expect(
			listRounds(meta.doc)
				.map((r) => r.id)
				.sort()
		).toEqual(ids);
	});

	it('fills an empty device, and the documents are in its IndexedDB after a restart', async () => {
		const source = new Y.Doc();
		initWorkspace(source, { name: '集善中学', actor: alice });
		const round = new Y.Doc();
		createRound(source, round, { id: 'r1', title: '11月检查', month: '2026-11', actor: alice });
		answerItem(round, readRound(round)!.areas[0]!.items[0]!.id, 'na', alice);
		const ws = `ws_fresh_${n++}`;
		const file = decodeWorkspaceFile(
			encodeWorkspaceFile(
				sample({
					workspace: { id: ws, name: '集善中学' },
					documents: [
						{ name: 'meta', update: Y.encodeStateAsUpdate(source) },
						{ name: 'inspection/r1', update: Y.encodeStateAsUpdate(round) }
					]
				})
			),
			ws
		);
		const fresh = device(ws);
		expect(await importWorkspace(fresh, file, bob)).toEqual({
			documents: 2,
			rounds: 1,
			changed: 2,
			photos: 0
		});
		await fresh.destroy();

		const again = device(ws);
		const meta = again.open('meta');
		const r1 = again.open('inspection/r1');
		await Promise.all([meta.loaded, r1.loaded]);
		expect(listRounds(meta.doc).map((r) => r.title)).toEqual(['11月检查']);
		expect(readRound(r1.doc)!.areas[0]!.items[0]!.answer?.value).toBe('na');
	});

	it('carries the photos the server does not have yet, and the importing device queues them', async () => {
		const ws = `ws_photos_${n++}`;
		const office = device(ws);
		const meta = office.open('meta');
		await meta.loaded;
		initWorkspace(meta.doc, { name: '集善中学', actor: alice });
		const taken = photoDevice();
		const [uploaded, notYet] = await taken.library.add([imageFile(800, 600, 'a'), imageFile(800, 600, 'b')]);
		// Only the first reaches the server before the export.
		taken.transport.script.push(succeed, hang);
		await taken.library.start();
		await until(() => taken.library.status().uploading === 1 && taken.transport.puts.length === 2);
		const hashOf = (photo: typeof uploaded) => (photo?.kind === 'added' ? photo.hash : '');

		const { bytes, report } = await exportWorkspace(office, {
			workspaceName: '集善中学',
			actor: alice,
			photos: taken.library
		});
		expect(report.photos).toBe(1);
		const file = decodeWorkspaceFile(bytes, ws);
		expect(file.photos.map((photo) => photo.hash)).toEqual([hashOf(notYet)]);
		taken.library.close();

		const other = photoDevice();
		const imported = await importWorkspace(office, file, bob, { photos: other.library });
		expect(imported.photos).toBe(1);
		expect(other.library.isPending(hashOf(notYet))).toBe(true);
		expect(other.library.isPending(hashOf(uploaded))).toBe(false);
		expect(await other.library.get(hashOf(notYet), 'thumb')).toMatchObject({ kind: 'ready' });
		await other.library.start();
		await other.library.idle();
		expect(other.transport.putOrder).toEqual([hashOf(notYet)]);
		other.library.close();
	});
});
