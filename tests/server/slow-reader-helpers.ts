import { readFileSync } from 'node:fs';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MessageType } from '../../src/lib/sync/wire.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { onTeardown, syncUrl } from './helpers.ts';

/** Helpers for clients that ask and never read, and for watching what that costs the server. */

/** `[0, 0, 1, 0]`: sync step 1 with an empty state vector, the four-byte frame of the report. */
export function emptyStep1(): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.sync);
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint8Array(encoder, Y.encodeStateVector(new Y.Doc()));
	return encoding.toUint8Array(encoder);
}

/** A document of about `bytes`, shaped like a ledger: many records with text. */
export function bigUpdate(bytes: number): Uint8Array {
	const doc = new Y.Doc();
	const records = doc.getMap('notes');
	const text = '隐患描述：教学楼三楼东侧消防通道堆放杂物，需立即清理。'.repeat(12); // ~1 KB of UTF-8
	doc.transact(() => {
		for (let i = 0; i * 1_000 < bytes; i++) records.set(`h${i}`, `${i} ${text}`);
	});
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
}

/** Stores `update` as the room's content in `dataDir`, as if it had been synced long ago. */
export function storeUpdate(dataDir: string, room: string, update: Uint8Array): void {
	const storage = new SqliteStorage(dataDir);
	try {
		storage.append(room, update, { memberId: 'system', at: Date.now() });
	} finally {
		storage.close();
	}
}

/** Resident memory of a process, in bytes (Linux). */
export function rssBytes(pid: number): number {
	const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match?.[1]) throw new Error('no VmRSS');
	return Number(match[1]) * 1024;
}

/**
 * A socket that sends `frames` and never reads again: it stops reading before the first byte
 * arrives, so the server's answers pile up in the kernel's buffers and then in the server.
 */
export async function slowReader(
	url: string,
	room: string,
	token: string,
	frames: Uint8Array[]
): Promise<WebSocket> {
	const ws = new WebSocket(`${syncUrl(url)}/${room}?token=${encodeURIComponent(token)}`);
	ws.on('error', () => {});
	onTeardown(() => ws.terminate());
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error('the server did not accept a socket within 10 s')),
			10_000
		);
		ws.once('open', () => {
			clearTimeout(timer);
			ws.pause();
			resolve();
		});
		ws.once('close', (code) => reject(new Error(`closed with ${code} before open`)));
	});
	for (const frame of frames) ws.send(frame);
	return ws;
}

/** Milliseconds `GET /healthz` takes to answer 200. */
export async function healthzMs(url: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${url}/healthz`);
	await response.text();
	if (response.status !== 200) throw new Error(`healthz ${response.status}`);
	return performance.now() - started;
}
