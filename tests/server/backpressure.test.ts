import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType } from '../../src/lib/sync/wire.ts';
import { connectClient, rawSocket, startServer, synced, teardown, tempDir, waitFor } from './helpers.ts';
import { bigUpdate, emptyStep1, storeUpdate } from './slow-reader-helpers.ts';

afterEach(teardown);

const ROOM = 'school/ledger';
const MB = 1024 * 1024;

/** Whether a server frame is a sync step 2 (an answer to a sync step 1). */
function isStep2(frame: Uint8Array): boolean {
	const decoder = decoding.createDecoder(frame);
	return decoding.readVarUint(decoder) === MessageType.sync && decoding.readVarUint(decoder) === 1;
}

describe('what the server queues for one socket', () => {
	it('answers one sync step 1 at a time: 300 asked while the first answer is queued get one more', async () => {
		const dataDir = tempDir();
		storeUpdate(dataDir, ROOM, bigUpdate(7 * MB)); // larger than the kernel's socket buffers
		const { url } = await startServer({ dataDir });
		const raw = await rawSocket(url, ROOM);
		raw.ws.pause();
		for (let i = 0; i < 300; i++) raw.ws.send(emptyStep1());
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		raw.ws.resume();

		const answers = () => raw.received.filter(isStep2);
		await waitFor(() => answers().length >= 2, 'the first answer and the coalesced one', 20_000);
		await new Promise((resolve) => setTimeout(resolve, 500));
		expect(answers()).toHaveLength(2);
		// Both are whole: a client that applies either has the document.
		for (const answer of answers()) {
			const doc = new Y.Doc();
			const decoder = decoding.createDecoder(answer);
			decoding.readVarUint(decoder);
			decoding.readVarUint(decoder);
			Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
			expect(doc.getMap('notes').size).toBeGreaterThan(7_000);
		}
	}, 30_000);

	it('closes a socket that stops reading while updates pile up (4508, logged); writers keep going', async () => {
		const { url, server, logs } = await startServer({ maxBufferedBytes: 256 * 1024 });
		const writer = await synced(connectClient(url, ROOM));
		const reader = await synced(connectClient(url, ROOM));
		const stalled = await rawSocket(url, ROOM);
		stalled.ws.pause();
		await waitFor(() => server.stats().connections === 3, 'three sockets');

		// 200 updates of 64 KiB: far more than the kernel buffers for a socket nobody reads.
		const chunk = 'x'.repeat(64 * 1024);
		for (let i = 0; i < 200; i++) writer.doc.getMap('big').set(`k${i % 8}`, `${i}${chunk}`);
		await waitFor(() => server.stats().connections === 2, 'the stalled socket closed', 20_000);
		const closed = logs.find((entry) => entry.message === 'slow reader closed');
		expect(closed?.fields).toMatchObject({ room: ROOM, closeCode: 4508 });
		expect(Number(closed?.fields.bufferedBytes)).toBeGreaterThan(256 * 1024);

		// The reader, which reads, got everything and stayed connected.
		await waitFor(() => reader.doc.getMap('big').get('k7') === `199${chunk}`, 'the reader caught up', 20_000);
		expect(reader.provider.wsconnected).toBe(true);
	}, 30_000);
});
