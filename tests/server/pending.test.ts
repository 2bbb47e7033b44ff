import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, MessageType } from '../../src/lib/sync/wire.ts';
import { pendingBytes } from '../../sync-server/pending.ts';
import { addMember, connectAs, startAccountServer } from './account-helpers.ts';
import { frame, storedRequest } from './fuzz-frames.ts';
import {
	closeEvents,
	connectClient,
	rawSocket,
	startServer,
	storedDoc,
	synced,
	teardown,
	waitFor,
	type RawSocket
} from './helpers.ts';

afterEach(teardown);

const ROOM = 'ws_test/ledger';

const updateFrame = (update: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, MessageType.sync);
		syncProtocol.writeUpdate(e, update);
	});

/** Tokens of the `[100, token, status]` frames among `received`. */
function ackTokens(received: Uint8Array[]): number[] {
	return received.flatMap((bytes) => {
		const decoder = decoding.createDecoder(bytes);
		return decoding.readVarUint(decoder) === MessageType.stored ? [decoding.readVarUint(decoder)] : [];
	});
}

async function sendAndAck(socket: RawSocket, updates: Uint8Array[], token: number): Promise<void> {
	for (const update of updates) socket.ws.send(updateFrame(update));
	socket.ws.send(storedRequest(token));
	await waitFor(() => ackTokens(socket.received).includes(token), `ack ${token}`);
}

/**
 * A writer whose first edit (`base`) the server never gets: every later edit waits for it.
 * `next(text)` appends `text` and returns the update for just that edit.
 */
function danglingSource() {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	text.insert(0, 'ab');
	const base = Y.encodeStateAsUpdate(doc);
	let vector = Y.encodeStateVector(doc);
	const next = (chunk: string) => {
		text.insert(text.length, chunk);
		const update = Y.encodeStateAsUpdate(doc, vector);
		vector = Y.encodeStateVector(doc);
		return update;
	};
	return { base, next };
}

describe('updates waiting for missing dependencies', () => {
	it('closes a socket that piles them up with 1007; the room keeps syncing and reloads', async () => {
		const first = await startAccountServer();
		first.accounts.createWorkspace({ id: 'school', name: '甲校' });
		const room = 'school/ledger';
		const office = addMember(first.accounts, 'school', 'office');
		const a = await synced(connectAs(first.url, room, office));
		const b = await synced(connectAs(first.url, room, addMember(first.accounts, 'school', 'dept')));

		const attacker = addMember(first.accounts, 'school', 'office', 'attacker');
		const raw = await rawSocket(first.url, room, { token: attacker.token });
		const source = danglingSource();
		const chunk = 'x'.repeat(16 * 1024);
		for (let i = 0; i < 128; i++) raw.ws.send(updateFrame(source.next(chunk))); // 2 MiB
		expect(await raw.closed).toEqual({
			code: CloseCode.malformed,
			reason: 'too many updates with missing dependencies'
		});
		const refusal = first.logs.find((entry) => entry.message.startsWith('update refused: too much'));
		expect(refusal?.fields).toMatchObject({ room, memberId: attacker.id, maxPendingBytes: 64 * 1024 });

		a.doc.getMap('notes').set('after', 'still syncing');
		await waitFor(() => b.doc.getMap('notes').get('after') === 'still syncing', 'sync after the flood');
		// A client handed the pending data in its sync step 2 sends it back on reconnect: no growth, no refusal.
		const echo = await synced(connectAs(first.url, room, office, { doc: new Y.Doc() }));
		expect(pendingBytes(echo.doc.store)).toBeGreaterThan(0);
		const echoCloses = closeEvents(echo);
		echo.provider.disconnect();
		echo.provider.connect();
		await synced(echo);
		b.doc.getMap('notes').set('echo', 'ok');
		await waitFor(() => echo.doc.getMap('notes').get('echo') === 'ok', 'echo client syncs');
		expect(echoCloses).toEqual([]);
		await first.close();

		const stored = storedDoc(first.dataDir, room);
		expect(pendingBytes(stored.store)).toBeLessThanOrEqual(64 * 1024);
		const second = await startAccountServer({ dataDir: first.dataDir });
		const fresh = await synced(connectAs(second.url, room, office, { doc: new Y.Doc() }));
		expect(fresh.doc.getMap('notes').toJSON()).toEqual({ after: 'still syncing', echo: 'ok' });
		fresh.doc.getMap('notes').set('restarted', true);
		const other = await synced(connectAs(second.url, room, office, { doc: new Y.Doc() }));
		await waitFor(() => other.doc.getMap('notes').get('restarted') === true, 'sync after restart');
	});

	it('keeps what integrates of a refused update, drops the rest', async () => {
		const { url, dataDir } = await startServer({ maxPendingBytes: 1024 });
		const watcher = await synced(connectClient(url, ROOM));
		const source = danglingSource();
		const whole = new Y.Doc();
		whole.getMap('m').set('integrates', 1);
		const mixed = Y.mergeUpdates([Y.encodeStateAsUpdate(whole), source.next('y'.repeat(2048))]);
		const raw = await rawSocket(url, ROOM);
		raw.ws.send(updateFrame(mixed));
		expect((await raw.closed).code).toBe(CloseCode.malformed);
		await waitFor(() => watcher.doc.getMap('m').get('integrates') === 1, 'integrated part relayed');
		const stored = storedDoc(dataDir, ROOM);
		expect(stored.getMap('m').toJSON()).toEqual({ integrates: 1 });
		expect(pendingBytes(stored.store)).toBe(0);
	});

	it('stores every acknowledged one, also when some were already waiting', async () => {
		const first = await startServer();
		const source = danglingSource();
		const early = await rawSocket(first.url, ROOM);
		await sendAndAck(early, [source.next('c'), source.next('d')], 1);
		await first.close();

		const second = await startServer({ dataDir: first.dataDir });
		const watcher = await synced(connectClient(second.url, ROOM));
		const late = await rawSocket(second.url, ROOM);
		await sendAndAck(late, [source.base], 2);
		await waitFor(() => watcher.doc.getText('t').toString() === 'abcd', 'all three relayed');
		expect(storedDoc(first.dataDir, ROOM).getText('t').toString()).toBe('abcd');
	});

	it('never integrates later what came with an update Yjs rejected', async () => {
		const { url, dataDir } = await startServer();
		const watcher = await synced(connectClient(url, ROOM)); // keeps the room in memory
		const source = danglingSource();
		const raw = await rawSocket(url, ROOM);
		await sendAndAck(raw, [source.next('c')], 1);
		// Valid structs that must wait, then a cut-off delete set: Yjs queues the structs, then throws.
		const bad = source.next('d');
		raw.ws.send(updateFrame(bad.slice(0, bad.length - 1)));
		expect((await raw.closed).code).toBe(CloseCode.malformed);

		await sendAndAck(await rawSocket(url, ROOM), [source.base], 2);
		await waitFor(() => watcher.doc.getText('t').length >= 3, 'base relayed');
		expect(watcher.doc.getText('t').toString()).toBe('abc');
		expect(storedDoc(dataDir, ROOM).getText('t').toString()).toBe('abc');
	});
});
