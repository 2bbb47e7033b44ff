import type { Clock } from '../../src/lib/media/clock.ts';
import { BlobTransportError, abortError } from '../../src/lib/media/errors.ts';
import { PhotoLibrary, type PhotoLibraryOptions } from '../../src/lib/media/photo-library.ts';
import { photoProcessor, type DecodedImage, type ImageCodec } from '../../src/lib/media/process.ts';
import type { BlobTransport, UploadProgress } from '../../src/lib/media/transport.ts';

/** Time that moves only when a test says so; timers fire in order as it passes them. */
export class FakeClock implements Clock {
	time = Date.UTC(2026, 10, 29, 9, 0, 0);
	#timers: { id: number; at: number; callback: () => void }[] = [];
	#ids = 0;

	now(): number {
		return this.time;
	}

	setTimeout(callback: () => void, ms: number): unknown {
		const id = ++this.#ids;
		this.#timers.push({ id, at: this.time + ms, callback });
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.#timers = this.#timers.filter((timer) => timer.id !== handle);
	}

	/** When the earliest pending timer fires, if any. */
	get nextTimerAt(): number | undefined {
		return this.#timers.reduce<number | undefined>(
			(at, timer) => Math.min(at ?? Infinity, timer.at),
			undefined
		);
	}

	advance(ms: number): void {
		const until = this.time + ms;
		for (;;) {
			const due = this.#timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			this.#timers = this.#timers.filter((timer) => timer !== due);
			this.time = due.at;
			due.callback();
		}
		this.time = until;
	}
}

/**
 * An image "file" the fake codec understands: `img <width>x<height> <label>`. Anything else does
 * not decode, like a HEIC file in desktop Chrome.
 */
export function imageFile(width: number, height: number, label: string): Blob {
	return new Blob([`img ${width}x${height} ${label}`], { type: 'image/png' });
}

interface FakeImage extends DecodedImage {
	label: string;
}

/** Decodes `imageFile`s, and the fake JPEGs it makes; "encodes" by writing size, quality and label. */
export function fakeCodec(closed: string[] = []): ImageCodec<FakeImage> {
	return {
		async decode(file) {
			const match = /^(?:img|jpeg) (\d+)x(\d+)(?: q[\d.]+)? (.*)$/s.exec(await file.text());
			if (!match) throw new Error('not an image');
			const label = match[3]!;
			return { width: Number(match[1]), height: Number(match[2]), label, close: () => closed.push(label) };
		},
		async encodeJpeg(image, width, height, quality) {
			return new Blob([`jpeg ${width}x${height} q${quality} ${image.label}`], { type: 'image/jpeg' });
		}
	};
}

export interface PutCall {
	hash: string;
	at: number;
	blob: Blob;
	onProgress: UploadProgress;
	signal: AbortSignal;
}

/** What a PUT does: resolve (stored), throw, or never settle until aborted. */
export type PutHandler = (call: PutCall) => Promise<void> | void;

/** The server's blob store in memory, with every request recorded. */
export class FakeTransport implements BlobTransport {
	readonly stored = new Map<string, Blob>();
	readonly puts: PutCall[] = [];
	readonly gets: string[] = [];
	readonly heads: string[] = [];
	/** Handlers for the next PUTs, in order; after them, each PUT succeeds. */
	readonly script: PutHandler[] = [];
	/** GET throws a network error while true. */
	offline = false;
	#clock: Clock;
	#getGate: Promise<void> | null = null;

	constructor(clock: Clock) {
		this.#clock = clock;
	}

	async put(
		hash: string,
		blob: Blob,
		_type: string,
		onProgress: UploadProgress,
		signal: AbortSignal
	): Promise<void> {
		const call = { hash, at: this.#clock.now(), blob, onProgress, signal };
		this.puts.push(call);
		await (this.script.shift() ?? succeed)(call);
		this.stored.set(hash, blob);
	}

	async get(hash: string): Promise<Blob | null> {
		this.gets.push(hash);
		if (this.#getGate) await this.#getGate;
		if (this.offline) throw new BlobTransportError(0, 'network');
		return this.stored.get(hash) ?? null;
	}

	async head(hash: string): Promise<boolean> {
		this.heads.push(hash);
		return this.stored.has(hash);
	}

	/** GETs wait until the returned function is called (to make concurrent gets overlap). */
	holdGets(): () => void {
		let release = () => {};
		this.#getGate = new Promise((resolve) => (release = resolve));
		return () => {
			this.#getGate = null;
			release();
		};
	}

	/** Hashes of the PUTs made, in order. */
	get putOrder(): string[] {
		return this.puts.map((call) => call.hash);
	}
}

export const succeed: PutHandler = (call) => {
	call.onProgress(Math.floor(call.blob.size / 2), call.blob.size);
	call.onProgress(call.blob.size, call.blob.size);
};

export const fail =
	(status: number, code: string, retryAfterMs?: number): PutHandler =>
	() => {
		throw new BlobTransportError(status, code, undefined, retryAfterMs);
	};

/** A PUT that sends half and then waits until aborted. */
export const hang: PutHandler = (call) =>
	new Promise((_resolve, reject) => {
		call.onProgress(Math.floor(call.blob.size / 2), call.blob.size);
		call.signal.addEventListener('abort', () => reject(abortError()), { once: true });
	});

let workspaces = 0;

/** A workspace id no other test uses (fake-indexeddb is one per process). */
export function freshWorkspace(): string {
	return `media-${process.pid}-${workspaces++}`;
}

/** Polls (real time) until `predicate` holds: IndexedDB work runs on real timers. */
export async function until(predicate: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
}

export interface TestDevice {
	library: PhotoLibrary;
	clock: FakeClock;
	transport: FakeTransport;
}

/** A library on `workspace` with a fake clock, transport and codec, and no jitter. */
export function device(
	workspace = freshWorkspace(),
	overrides: Partial<PhotoLibraryOptions> & { clock?: FakeClock; transport?: FakeTransport } = {}
): TestDevice {
	const clock = overrides.clock ?? new FakeClock();
	const transport = overrides.transport ?? new FakeTransport(clock);
	const library = new PhotoLibrary({
		workspace,
		transport,
		clock,
		random: () => 0.5,
		processor: photoProcessor({ codec: fakeCodec() }),
		...overrides
	});
	return { library, clock, transport };
}
