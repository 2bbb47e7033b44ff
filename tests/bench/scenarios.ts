import { setImmediate as yieldToLoop } from 'node:timers/promises';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { StoredTracker } from '../../src/lib/sync/stored-tracker.ts';
import { SYNC_PATH } from '../../src/lib/sync/wire.ts';

/** A real y-websocket client, as the app creates it (minus IndexedDB). */
export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** How often this client's socket dropped; a healthy run stays at 0. */
	disconnects: number;
}

/** Clients of one scenario; `destroy` disconnects them all. */
export class Clients {
	readonly #all: Client[] = [];

	connect(serverUrl: string, room: string): Client {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(serverUrl.replace(/^http/, 'ws') + SYNC_PATH, room, doc, {
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		const client: Client = { doc, provider, disconnects: 0 };
		provider.on('status', ({ status }) => {
			if (status === 'disconnected') client.disconnects++;
		});
		this.#all.push(client);
		return client;
	}

	get disconnects(): number {
		return this.#all.reduce((sum, client) => sum + client.disconnects, 0);
	}

	destroy(): void {
		for (const { provider, doc } of this.#all.splice(0)) {
			provider.destroy();
			doc.destroy();
		}
	}
}

export function synced(client: Client, timeoutMs = 15_000): Promise<void> {
	if (client.provider.synced) return Promise.resolve();
	return withTimeout(
		new Promise<void>((resolve) => {
			const onSync = (state: boolean) => {
				if (!state) return;
				client.provider.off('sync', onSync);
				resolve();
			};
			client.provider.on('sync', onSync);
		}),
		timeoutMs,
		`sync of ${client.provider.roomname}`
	);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Nearest-rank percentile of unsorted `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Resolves once `map` of `client` has seen `expected` distinct key changes from the network. */
function countKeys(client: Client, name: string, expected: number, onKey?: (key: string) => void) {
	let seen = 0;
	let done: () => void = () => {};
	const complete = new Promise<void>((resolve) => (done = resolve));
	client.doc.getMap(name).observe((event) => {
		for (const key of event.keysChanged) onKey?.(key);
		seen += event.keysChanged.size;
		if (seen >= expected) done();
	});
	return { complete, seen: () => seen };
}

/** Sends `count` single-key updates from `client`, each its own transaction, yielding every 50. */
async function flood(client: Client, name: string, count: number): Promise<void> {
	const map = client.doc.getMap<number>(name);
	for (let i = 0; i < count; i++) {
		map.set(`k${i}`, i);
		if (i % 50 === 49) await yieldToLoop();
	}
}

export interface FanOutResult {
	updates: number;
	readers: number;
	p50: number;
	p95: number;
	p99: number;
	/** Updates some reader never received within 10 s of the last send. */
	incomplete: number;
	disconnects: number;
}

/** 1 writer + `readers` readers in one room; `updates` Y.Map sets at `ratePerSecond`; writer→all-readers latency. */
export async function fanOut(
	url: string,
	room: string,
	options: { readers: number; updates: number; ratePerSecond: number }
): Promise<FanOutResult> {
	const clients = new Clients();
	try {
		const writer = clients.connect(url, room);
		const readers = Array.from({ length: options.readers }, () => clients.connect(url, room));
		await Promise.all([writer, ...readers].map((client) => synced(client)));
		await sleep(300); // let the awareness greetings settle

		const sentAt = new Float64Array(options.updates).fill(NaN);
		const lastArrival = new Float64Array(options.updates).fill(NaN);
		const arrivals = new Uint16Array(options.updates);
		const waits = readers.map((reader) =>
			countKeys(reader, 'fanout', options.updates, (key) => {
				const i = Number(key.slice(1));
				arrivals[i]!++;
				lastArrival[i] = performance.now();
			})
		);

		const map = writer.doc.getMap<number>('fanout');
		const interval = 1000 / options.ratePerSecond;
		const start = performance.now();
		for (let i = 0; i < options.updates; i++) {
			await sleep(start + i * interval - performance.now());
			sentAt[i] = performance.now();
			map.set(`k${i}`, i);
		}
		await withTimeout(Promise.all(waits.map((wait) => wait.complete)), 10_000, 'fan-out delivery').catch(
			() => {}
		);

		const latencies: number[] = [];
		let incomplete = 0;
		for (let i = 0; i < options.updates; i++) {
			if (arrivals[i] === options.readers) latencies.push(lastArrival[i]! - sentAt[i]!);
			else incomplete++;
		}
		return {
			updates: options.updates,
			readers: options.readers,
			p50: percentile(latencies, 50),
			p95: percentile(latencies, 95),
			p99: percentile(latencies, 99),
			incomplete,
			disconnects: clients.disconnects
		};
	} finally {
		clients.destroy();
	}
}

export interface ThroughputResult {
	rooms: number;
	updatesPerRoom: number;
	elapsedMs: number;
	updatesPerSecond: number;
	disconnects: number;
}

/** `rooms` rooms, each with a writer flooding `updates` sets and a second client receiving them. */
export async function throughput(
	url: string,
	roomPrefix: string,
	options: { rooms: number; updates: number }
): Promise<ThroughputResult> {
	const clients = new Clients();
	try {
		const pairs = Array.from({ length: options.rooms }, (_, i) => ({
			writer: clients.connect(url, `${roomPrefix}${i}`),
			receiver: clients.connect(url, `${roomPrefix}${i}`)
		}));
		await Promise.all(pairs.flatMap(({ writer, receiver }) => [synced(writer), synced(receiver)]));
		await sleep(300);

		const received = pairs.map(({ receiver }) => countKeys(receiver, 'flood', options.updates).complete);
		const start = performance.now();
		await Promise.all(pairs.map(({ writer }) => flood(writer, 'flood', options.updates)));
		await withTimeout(Promise.all(received), 60_000, 'throughput delivery');
		const elapsedMs = performance.now() - start;
		return {
			rooms: options.rooms,
			updatesPerRoom: options.updates,
			elapsedMs,
			updatesPerSecond: (options.rooms * options.updates * 1000) / elapsedMs,
			disconnects: clients.disconnects
		};
	} finally {
		clients.destroy();
	}
}

/**
 * Builds a document of `updates` single-key updates through the server; a witness client in the
 * room confirms the server relayed (for ours: stored) every one. Both clients then leave.
 */
export async function buildDocument(url: string, room: string, updates: number): Promise<number> {
	const clients = new Clients();
	try {
		const builder = clients.connect(url, room);
		const witness = clients.connect(url, room);
		await Promise.all([synced(builder), synced(witness)]);
		const received = countKeys(witness, 'cold', updates).complete;
		const start = performance.now();
		await flood(builder, 'cold', updates);
		await withTimeout(received, 90_000, 'cold-load build');
		return performance.now() - start;
	} finally {
		clients.destroy();
	}
}

/** A fresh client joins `room`: milliseconds until `synced`; checks it got all `expectedKeys`. */
export async function coldLoad(url: string, room: string, expectedKeys: number): Promise<number> {
	const clients = new Clients();
	try {
		const start = performance.now();
		const client = clients.connect(url, room);
		await synced(client, 30_000);
		const elapsed = performance.now() - start;
		const size = client.doc.getMap('cold').size;
		if (size !== expectedKeys) throw new Error(`cold load got ${size} keys, expected ${expectedKeys}`);
		return elapsed;
	} finally {
		clients.destroy();
	}
}

export interface AckResult {
	changes: number;
	p50: number;
	p95: number;
	disconnects: number;
}

/** Ours only: time from a local change until StoredTracker's pending count drops back to 0. */
export async function durableAck(url: string, room: string, changes: number): Promise<AckResult> {
	const clients = new Clients();
	const client = clients.connect(url, room);
	const tracker = new StoredTracker(client.provider, client.doc);
	try {
		await synced(client);
		const idle = () =>
			withTimeout(
				new Promise<void>((resolve) => {
					if (tracker.pending === 0) return resolve();
					const off = tracker.on('pending', (pending) => {
						if (pending !== 0) return;
						off();
						resolve();
					});
				}),
				10_000,
				'stored-ack'
			);
		await idle();
		const map = client.doc.getMap<number>('ack');
		const latencies: number[] = [];
		for (let i = 0; i < changes; i++) {
			const start = performance.now();
			map.set(`k${i}`, i);
			if (tracker.pending !== 1) throw new Error(`expected 1 pending change, got ${tracker.pending}`);
			await idle();
			latencies.push(performance.now() - start);
			await sleep(5);
		}
		return {
			changes,
			p50: percentile(latencies, 50),
			p95: percentile(latencies, 95),
			disconnects: clients.disconnects
		};
	} finally {
		tracker.destroy();
		clients.destroy();
	}
}
