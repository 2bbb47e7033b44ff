import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { StoredTracker } from '../../src/lib/sync/stored-tracker.ts';
import { SYNC_PATH } from '../../src/lib/sync/wire.ts';
import type { LogFields, Logger } from '../../sync-server/log.ts';
import { createSyncServer, type SyncServer, type SyncServerOptions } from '../../sync-server/server.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: (() => unknown)[] = [];

/** Runs every registered cleanup, newest first. Call from `afterEach`. */
export async function teardown(): Promise<void> {
	for (let cleanup = cleanups.pop(); cleanup !== undefined; cleanup = cleanups.pop()) await cleanup();
}

/** Registers `cleanup` to run at the next `teardown`, before everything registered earlier. */
export function onTeardown(cleanup: () => unknown): void {
	cleanups.push(cleanup);
}

export function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'xiaoan-server-'));
	cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** Polls `predicate` until it returns true; fails with `what` after `timeoutMs`. */
export async function waitFor(
	predicate: () => boolean,
	what = 'condition',
	timeoutMs = 10_000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

export interface LogEntry {
	level: string;
	message: string;
	fields: LogFields;
}

export function collectingLogger(): Logger & { entries: LogEntry[] } {
	const entries: LogEntry[] = [];
	const at =
		(level: string) =>
		(message: string, fields: LogFields = {}) =>
			void entries.push({ level, message, fields });
	return { entries, info: at('info'), warn: at('warn'), error: at('error') };
}

export interface TestServer {
	server: SyncServer;
	url: string;
	dataDir: string;
	logs: LogEntry[];
	close(): Promise<void>;
}

/** An in-process server on a free port with its own temporary data directory (or `dataDir`). */
export async function startServer(options: SyncServerOptions = {}): Promise<TestServer> {
	const dataDir = options.dataDir ?? tempDir();
	const log = collectingLogger();
	const server = await createSyncServer({
		port: 0,
		host: '127.0.0.1',
		unloadDelayMs: 0,
		log,
		...options,
		dataDir
	});
	cleanups.push(() => server.close());
	// 127.0.0.1, not localhost: the server listens on IPv4 only here.
	return {
		server,
		url: server.url.replace('localhost', '127.0.0.1'),
		dataDir,
		logs: log.entries,
		close: () => server.close()
	};
}

/** `http://localhost:1234` → `ws://localhost:1234/sync`, the provider's server URL. */
export function syncUrl(url: string): string {
	return url.replace(/^http/, 'ws') + SYNC_PATH;
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
}

/** A real y-websocket client, as the app creates it (minus IndexedDB). */
export function connectClient(
	url: string,
	room: string,
	options: { doc?: Y.Doc; params?: Record<string, string>; connect?: boolean } = {}
): Client {
	const doc = options.doc ?? new Y.Doc();
	const provider = new WebsocketProvider(syncUrl(url), room, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		params: options.params ?? {},
		connect: options.connect ?? true
	});
	cleanups.push(() => provider.destroy());
	return { doc, provider };
}

export async function synced(client: Client, timeoutMs?: number): Promise<Client> {
	await waitFor(() => client.provider.synced, `sync of ${client.provider.roomname}`, timeoutMs);
	return client;
}

/** The room's document as stored in `dataDir`, read from the SQLite file without writing. */
export function storedDoc(dataDir: string, room: string): Y.Doc {
	const storage = new SqliteStorage(dataDir, { readonly: true });
	try {
		const doc = new Y.Doc();
		for (const update of storage.load(room)) Y.applyUpdate(doc, update);
		return doc;
	} finally {
		storage.close();
	}
}

export interface ChildServer {
	port: number;
	url: string;
	/** Everything on stdout up to and including the `listening` line. */
	stdout: string;
	child: ChildProcess;
	/** Resolves with the exit code (null if killed by a signal). */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	kill(signal: NodeJS.Signals): void;
}

/** `node --import tsx sync-server/main.ts` as a child process, as `npm start` runs it. */
export async function spawnServer(options: { dataDir: string; port?: number }): Promise<ChildServer> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
		cwd: ROOT,
		env: {
			...process.env,
			XIAOAN_SKIP_BUILD: '1',
			PORT: String(options.port ?? 0),
			HOST: '127.0.0.1',
			DATA_DIR: options.dataDir
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal }))
	);
	cleanups.push(async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		await exited;
	});
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	let stdout = '';
	const port = await new Promise<number>((resolve, reject) => {
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
			if (match?.[1]) resolve(Number(match[1]));
		});
		void exited.then(({ code }) => reject(new Error(`server exited (${code}) before listening:\n${stderr}`)));
	});
	return {
		port,
		url: `http://127.0.0.1:${port}`,
		stdout,
		child,
		exited,
		kill: (signal) => void child.kill(signal)
	};
}

/** A bare WebSocket on a room, for frames no standard client sends. */
export interface RawSocket {
	ws: WebSocket;
	received: Uint8Array[];
	closed: Promise<{ code: number; reason: string }>;
}

export async function rawSocket(
	url: string,
	room: string,
	options: { autoPong?: boolean; token?: string } = {}
): Promise<RawSocket> {
	const query = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
	const ws = new WebSocket(`${syncUrl(url)}/${room}${query}`, { autoPong: options.autoPong ?? true });
	const received: Uint8Array[] = [];
	ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	cleanups.push(() => ws.terminate());
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	return { ws, received, closed };
}

/**
 * Sends a WebSocket upgrade for `path` exactly as written (no URL normalisation, unlike a
 * WebSocket client) and reports the HTTP status, or the close code the server sent after it.
 */
export function rawUpgrade(url: string, path: string): Promise<{ status: number; closeCode?: number }> {
	return new Promise((resolve, reject) => {
		const { hostname, port } = new URL(url);
		const req = request({
			hostname,
			port,
			path,
			headers: {
				Connection: 'Upgrade',
				Upgrade: 'websocket',
				'Sec-WebSocket-Version': '13',
				'Sec-WebSocket-Key': Buffer.from('0123456789abcdef').toString('base64')
			}
		});
		req.on('error', reject);
		req.on('response', (res) => {
			res.resume();
			resolve({ status: res.statusCode ?? 0 });
		});
		req.on('upgrade', (res, socket, head) => {
			let bytes = head;
			const check = () => {
				// A server frame is unmasked: [0x88, length, code hi, code lo, reason…].
				if (bytes.length < 4) return;
				socket.destroy();
				if (bytes[0] !== 0x88) return reject(new Error(`expected a close frame, got ${bytes[0]}`));
				resolve({ status: res.statusCode ?? 0, closeCode: bytes.readUInt16BE(2) });
			};
			socket.on('data', (chunk: Buffer) => {
				bytes = Buffer.concat([bytes, chunk]);
				check();
			});
			check();
		});
		req.end();
	});
}

export function track(client: Client, initialPending = 0): StoredTracker {
	const tracker = new StoredTracker(client.provider, client.doc, { initialPending });
	cleanups.push(() => tracker.destroy());
	return tracker;
}

/** Every close the provider saw, with code and reason. */
export function closeEvents(client: Client): { code: number; reason: string }[] {
	const events: { code: number; reason: string }[] = [];
	client.provider.on('connection-close', (event) => {
		if (event) events.push({ code: event.code, reason: event.reason });
	});
	return events;
}
