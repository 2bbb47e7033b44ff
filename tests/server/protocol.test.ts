import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, MessageType, StoredStatus } from '../../src/lib/sync/wire.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { SyncStorage } from '../../sync-server/storage/types.ts';
import {
	connectClient,
	onTeardown,
	rawSocket,
	startServer,
	storedDoc,
	synced,
	teardown,
	tempDir,
	waitFor
} from './helpers.ts';

afterEach(teardown);

const ROOM = 'ws_test/ledger';

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

const updateFrame = (update: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, MessageType.sync);
		syncProtocol.writeUpdate(e, update);
	});

const storedRequest = (token: number) =>
	frame((e) => {
		encoding.writeVarUint(e, MessageType.stored);
		encoding.writeVarUint(e, token);
	});

/** `[100, token, status]` frames among `received`. */
function acks(received: Uint8Array[]): { token: number; status: number }[] {
	return received.flatMap((bytes) => {
		const decoder = decoding.createDecoder(bytes);
		if (decoding.readVarUint(decoder) !== MessageType.stored) return [];
		return [{ token: decoding.readVarUint(decoder), status: decoding.readVarUint(decoder) }];
	});
}

describe('stored acknowledgement (type 100)', () => {
	it('answers with the same token once the earlier update is in storage', async () => {
		const { url, dataDir } = await startServer();
		const standard = await synced(connectClient(url, ROOM));
		let standardGotType100 = 0;
		standard.provider.messageHandlers[MessageType.stored] = () => void standardGotType100++;

		const raw = await rawSocket(url, ROOM);
		const source = new Y.Doc();
		source.getMap('notes').set('h1', '一般');
		raw.ws.send(updateFrame(Y.encodeStateAsUpdate(source)));
		raw.ws.send(storedRequest(7));

		await waitFor(() => acks(raw.received).length === 1, 'ack');
		// At the moment of the ack the update is already committed to the file.
		expect(storedDoc(dataDir, ROOM).getMap('notes').get('h1')).toBe('一般');
		expect(acks(raw.received)).toEqual([{ token: 7, status: StoredStatus.stored }]);

		// The standard client got the update (so it was handled after the raw socket's), but no ack.
		await waitFor(() => standard.doc.getMap('notes').get('h1') === '一般', 'broadcast');
		standard.doc.getMap('notes').set('h2', '重大');
		await waitFor(() => storedDoc(dataDir, ROOM).getMap('notes').has('h2'), 'h2 stored');
		raw.ws.send(storedRequest(8));
		await waitFor(() => acks(raw.received).length === 2, 'second ack');
		expect(standardGotType100).toBe(0);
	});
});

describe('updates waiting for a missing dependency', () => {
	it('are stored before the ack, so they survive a restart', async () => {
		const first = await startServer();
		const source = new Y.Doc();
		source.getText('t').insert(0, 'ab');
		const base = Y.encodeStateAsUpdate(source);
		const vector = Y.encodeStateVector(source);
		source.getText('t').insert(2, 'c');
		const dependent = Y.encodeStateAsUpdate(source, vector);

		const early = await rawSocket(first.url, ROOM);
		early.ws.send(updateFrame(dependent));
		early.ws.send(storedRequest(1));
		await waitFor(() => acks(early.received).length === 1, 'ack');
		await first.close();

		const second = await startServer({ dataDir: first.dataDir });
		const late = await rawSocket(second.url, ROOM);
		late.ws.send(updateFrame(base));
		late.ws.send(storedRequest(2));
		await waitFor(() => acks(late.received).length === 1, 'ack');
		const fresh = await synced(connectClient(second.url, ROOM));
		expect(fresh.doc.getText('t').toString()).toBe('abc');
	});
});

describe('malformed frames', () => {
	const cases: [string, Uint8Array | string][] = [
		['truncated varint', new Uint8Array([0x80])],
		['unknown message type 77', new Uint8Array([77, 1, 2])],
		['garbage update bytes', new Uint8Array([0, 2, 5, 0xff, 0xff, 0xff, 0xff, 0xff])],
		['text frame', 'hello']
	];

	it.each(cases)('closes only the offending socket on a %s', async (_name, bad) => {
		const { url } = await startServer();
		const sameA = await synced(connectClient(url, ROOM));
		const sameB = await synced(connectClient(url, ROOM));
		const otherA = await synced(connectClient(url, 'ws_test/drills'));
		const otherB = await synced(connectClient(url, 'ws_test/drills'));
		let sameRoomDisconnects = 0;
		sameA.provider.on('connection-close', () => void sameRoomDisconnects++);

		const raw = await rawSocket(url, ROOM);
		raw.ws.send(bad);
		const { code } = await raw.closed;
		expect(code).toBe(CloseCode.malformed);

		sameA.doc.getMap('m').set('after', 1);
		otherA.doc.getMap('m').set('after', 2);
		await waitFor(() => sameB.doc.getMap('m').get('after') === 1, 'same room syncs');
		await waitFor(() => otherB.doc.getMap('m').get('after') === 2, 'other room syncs');
		expect(sameRoomDisconnects).toBe(0);
		const health = await fetch(`${url}/healthz`);
		expect(health.status).toBe(200);
		expect(await health.text()).toBe('ok');
	});
});

describe('an update Yjs rejects half-way', () => {
	it('is neither stored nor relayed: the room is reloaded from storage', async () => {
		const { url, dataDir } = await startServer();
		const client = await synced(connectClient(url, ROOM));
		client.doc.getMap('m').set('before', 1);
		await waitFor(() => storedDoc(dataDir, ROOM).getMap('m').has('before'), 'stored');
		const closeCodes: number[] = [];
		client.provider.on('connection-close', (event) => void closeCodes.push(event?.code ?? 0));

		const source = new Y.Doc();
		source.getMap('m').set('half', 'x');
		const update = Y.encodeStateAsUpdate(source);
		// Structs intact, delete set cut off: Yjs integrates the structs, then throws.
		const raw = await rawSocket(url, ROOM);
		raw.ws.send(updateFrame(update.slice(0, update.length - 1)));
		expect((await raw.closed).code).toBe(CloseCode.malformed);

		await waitFor(() => closeCodes.length > 0, 'room reset');
		expect(closeCodes[0]).toBe(CloseCode.internalError);
		expect(client.doc.getMap('m').has('half')).toBe(false);
		await synced(client);
		const fresh = await synced(connectClient(url, ROOM, { doc: new Y.Doc() }));
		expect(fresh.doc.getMap('m').toJSON()).toEqual({ before: 1 });
		expect(storedDoc(dataDir, ROOM).getMap('m').toJSON()).toEqual({ before: 1 });
	});
});

/** A real SQLite store whose next `append` fails, as a full or read-only disk would. */
class FailingOnce implements SyncStorage {
	failNext = false;
	constructor(readonly inner: SqliteStorage) {}
	load = (room: string) => this.inner.load(room);
	append: SyncStorage['append'] = (room, update, meta) => {
		if (this.failNext) {
			this.failNext = false;
			throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
		}
		return this.inner.append(room, update, meta);
	};
	compact = (room: string, snapshot: Uint8Array) => this.inner.compact(room, snapshot);
	countSinceSnapshot = (room: string) => this.inner.countSinceSnapshot(room);
	storedBytes = (name: string) => this.inner.storedBytes(name);
	audit = (room: string, limit?: number) => this.inner.audit(room, limit);
	close = () => this.inner.close();
}

describe('storage failure', () => {
	it('does not broadcast an unstored update; clients reconnect and it ends up stored', async () => {
		const storage = new FailingOnce(new SqliteStorage(tempDir()));
		onTeardown(() => storage.close());
		const { url, logs } = await startServer({ storage });
		const a = await synced(connectClient(url, ROOM));
		const b = await synced(connectClient(url, ROOM));
		const closes: { a: number[]; b: number[] } = { a: [], b: [] };
		let bHadItAtClose: boolean | null = null;
		a.provider.on('connection-close', (event) => void closes.a.push(event?.code ?? 0));
		b.provider.on('connection-close', (event) => {
			closes.b.push(event?.code ?? 0);
			// Frames arrive in order: had the server broadcast before closing, b would have it now.
			bHadItAtClose ??= b.doc.getMap('m').has('x');
		});

		storage.failNext = true;
		a.doc.getMap('m').set('x', 'kept by the client');

		await waitFor(() => closes.a.length > 0 && closes.b.length > 0, 'both closed');
		expect(closes).toEqual({ a: [CloseCode.internalError], b: [CloseCode.internalError] });
		expect(bHadItAtClose).toBe(false);
		expect(logs.some((entry) => entry.level === 'error' && entry.fields.reason === 'storage failure')).toBe(
			true
		);

		await waitFor(() => b.doc.getMap('m').get('x') === 'kept by the client', 'resent and broadcast');
		const stored = new Y.Doc();
		for (const update of storage.load(ROOM)) Y.applyUpdate(stored, update);
		expect(stored.getMap('m').get('x')).toBe('kept by the client');
	});
});
