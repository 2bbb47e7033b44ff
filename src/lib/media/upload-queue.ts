import { Dexie, type ObservabilitySet } from 'dexie';
import type { BackoffOptions } from './backoff.ts';
import { systemClock, type Clock } from './clock.ts';
import { markUploaded, type PhotoDb, type UploadRow } from './photo-db.ts';
import type { BlobTransport } from './transport.ts';
import { afterFailure, type QueueBlock } from './upload-failure.ts';

export type { QueueBlock } from './upload-failure.ts';

export interface UploadStatus {
	/** Photos queued, not counting the one uploading now. */
	waiting: number;
	/** 1 while a photo is being sent. */
	uploading: number;
	/** Photos the server refused for good; kept until retried. */
	failed: number;
	/** The photo being sent and its bytes sent so far. */
	current?: { hash: string; sent: number; total: number };
	blocked: QueueBlock | null;
}

export interface UploadQueueOptions {
	db: PhotoDb;
	transport: BlobTransport;
	/** Default the system clock. */
	clock?: Clock;
	/** For the backoff's jitter. Default Math.random. */
	random?: () => number;
	backoff?: BackoffOptions;
	/** Wait after a 507 (the workspace's photo quota is full). Default 15 min; `kick()` tries at once. */
	quotaRetryMs?: number;
}

/** After an unexpected error (IndexedDB failing): the loop waits this long rather than spinning. */
const LOOP_ERROR_WAIT_MS = 30_000;

/**
 * Sends queued photos to the server in the order they were added, one at a time. The queue is
 * the `uploads` table, so it survives reloads and restarts: `start()` resumes where it stood.
 *
 * Strictly in order: a failure that is not about the photo (no network, a 5xx, a full quota)
 * would hit the next photo too, so the head of the queue is retried after a growing wait and
 * nothing overtakes it. A refusal that is about the photo (413, 415, 422, 400, 403) takes it out
 * of the line as `failed`, kept with its code for the UI, and the next one goes.
 */
export class UploadQueue {
	readonly #db: PhotoDb;
	readonly #transport: BlobTransport;
	readonly #clock: Clock;
	readonly #random: () => number;
	readonly #options: UploadQueueOptions;
	readonly #listeners = new Set<(status: UploadStatus) => void>();
	/** The `uploads` table as last read, by hash. Small: photos not yet on the server. */
	#rows = new Map<string, UploadRow>();
	#current: UploadStatus['current'];
	#blocked: QueueBlock | null = null;
	/** Bumped by start() and stop(): a loop of an older generation stops at its next step. */
	#generation = 0;
	#running = false;
	#abort: AbortController | null = null;
	/** A kick arrived: the next attempt goes now, whatever the backoff said. */
	#kicked = false;
	#wake: (() => void) | null = null;
	#timer: unknown;
	#idleWaiters: (() => void)[] = [];
	readonly #uploadsPart: string;
	#rereading = false;

	constructor(options: UploadQueueOptions) {
		this.#options = options;
		this.#db = options.db;
		this.#transport = options.transport;
		this.#clock = options.clock ?? systemClock;
		this.#random = options.random ?? Math.random;
		this.#uploadsPart = `idb://${this.#db.name}/uploads/`;
		Dexie.on.storagemutated.subscribe(this.#onMutated);
	}

	/** Stops, and no longer follows the table (the database may be closed after this). */
	close(): void {
		this.stop();
		Dexie.on.storagemutated.unsubscribe(this.#onMutated);
	}

	get status(): UploadStatus {
		let waiting = 0;
		let failed = 0;
		for (const row of this.#rows.values()) {
			if (row.state === 'failed') failed++;
			else if (row.hash !== this.#current?.hash) waiting++;
		}
		const status: UploadStatus = {
			waiting,
			uploading: this.#current ? 1 : 0,
			failed,
			blocked: this.#blocked
		};
		if (this.#current) status.current = { ...this.#current };
		return status;
	}

	/** Called now and on every change (counts, progress, blocking). Returns the unsubscribe. */
	subscribe(listener: (status: UploadStatus) => void): () => void {
		this.#listeners.add(listener);
		listener(this.status);
		return () => this.#listeners.delete(listener);
	}

	/** The photo is not on the server yet (waiting, uploading or failed). */
	isPending(hash: string): boolean {
		return this.#rows.has(hash);
	}

	/** The queue in order, failed photos included, with their attempts and last error code. */
	entries(): UploadRow[] {
		return [...this.#rows.values()].sort((a, b) => a.seq - b.seq);
	}

	/** Reads the queue again (after `add` wrote to it) and wakes the loop. */
	async refresh(): Promise<void> {
		await this.#readRows();
		this.#emit();
		this.#wake?.();
	}

	/** Starts (or resumes after `stop`) uploading what the table holds. */
	start(): void {
		if (this.#running) return;
		this.#running = true;
		const generation = ++this.#generation;
		void this.#loop(generation).finally(() => {
			if (generation === this.#generation) this.#running = false;
		});
	}

	/** Aborts the upload in flight (it counts as no attempt) and every timer. `start()` resumes. */
	stop(): void {
		this.#generation++;
		this.#running = false;
		this.#abort?.abort();
		this.#abort = null;
		this.#current = undefined;
		this.#clock.clearTimeout(this.#timer);
		this.#wake?.();
		this.#settle();
		this.#emit();
	}

	/** Try now: the device came online, or the app has a new token after a 401. */
	kick(): void {
		this.#kicked = true;
		if (this.#blocked === 'unauthorized') this.#blocked = null;
		this.#wake?.();
	}

	/** Puts a failed photo back in its place in the line, with its attempts reset. */
	async retry(hash: string): Promise<void> {
		// The loop never writes a failed row, so reading then writing it races with nothing.
		const row = await this.#db.uploads.get(hash);
		if (row?.state !== 'failed') return;
		const now = this.#clock.now();
		await this.#db.uploads.update(hash, {
			state: 'waiting',
			attempts: 0,
			nextAttemptAt: now,
			lastError: null
		});
		await this.refresh();
	}

	/** Resolves once the queue has nothing to do now: empty, backing off, blocked, or stopped. */
	idle(): Promise<void> {
		if (!this.#running || this.#wake !== null) return Promise.resolve();
		return new Promise((resolve) => this.#idleWaiters.push(resolve));
	}

	async #loop(generation: number): Promise<void> {
		while (generation === this.#generation) {
			try {
				const next = this.#blocked === 'unauthorized' ? undefined : await this.#head();
				if (generation !== this.#generation) return;
				if (next === undefined) {
					await this.#sleep(null);
					continue;
				}
				const wait = next.nextAttemptAt - this.#clock.now();
				if (wait > 0 && !this.#kicked) {
					await this.#sleep(wait);
					continue;
				}
				await this.#attempt(next, generation);
			} catch (error) {
				// Stopped (and perhaps closed) meanwhile: nothing is wrong.
				if (generation !== this.#generation) return;
				console.error('photo upload queue', error);
				await this.#sleep(LOOP_ERROR_WAIT_MS);
			}
		}
	}

	async #head(): Promise<UploadRow | undefined> {
		await this.#readRows();
		return this.entries().find((row) => row.state === 'waiting');
	}

	async #readRows(): Promise<void> {
		const rows = await this.#db.uploads.toArray();
		this.#rows = new Map(rows.map((row) => [row.hash, row]));
	}

	async #attempt(row: UploadRow, generation: number): Promise<void> {
		this.#kicked = false;
		const photo = await this.#db.photos.get(row.hash);
		if (generation !== this.#generation) return;
		if (!photo) {
			// Cannot happen (both are written in one transaction); a row with nothing to send is dropped.
			await this.#db.uploads.delete(row.hash);
			return;
		}
		const controller = new AbortController();
		this.#abort = controller;
		this.#current = { hash: row.hash, sent: 0, total: photo.bytes };
		this.#emit();
		try {
			const known =
				row.checkFirst === true && this.#transport.head !== undefined
					? await this.#transport.head(row.hash, controller.signal)
					: false;
			if (!known) {
				await this.#transport.put(
					row.hash,
					photo.blob,
					photo.type,
					this.#progress(controller),
					controller.signal
				);
			}
			await markUploaded(this.#db, row.hash);
			this.#blocked = null;
		} catch (error) {
			if (controller.signal.aborted || generation !== this.#generation) return;
			await this.#failed(row, error);
		} finally {
			if (this.#abort === controller) {
				this.#abort = null;
				this.#current = undefined;
			}
			if (generation === this.#generation) await this.refresh();
		}
	}

	#progress(controller: AbortController): (sent: number, total: number) => void {
		return (sent, total) => {
			if (this.#abort !== controller || !this.#current) return;
			this.#current = { ...this.#current, sent, total };
			this.#emit();
		};
	}

	async #failed(row: UploadRow, error: unknown): Promise<void> {
		const { change, blocked } = afterFailure(error, row, this.#clock.now(), {
			backoff: this.#options.backoff,
			quotaRetryMs: this.#options.quotaRetryMs,
			random: this.#random
		});
		await this.#db.uploads.update(row.hash, change);
		// A kick during a refused attempt brought a new token already: no need to wait for another.
		this.#blocked = blocked === 'unauthorized' && this.#kicked ? null : blocked;
	}

	/** Waits for `ms` (null: until woken) or a wake: a kick, new work, or stop. */
	#sleep(ms: number | null): Promise<void> {
		return new Promise((resolve) => {
			const wake = () => {
				if (this.#wake !== wake) return;
				this.#wake = null;
				this.#clock.clearTimeout(this.#timer);
				resolve();
			};
			this.#wake = wake;
			if (ms !== null) this.#timer = this.#clock.setTimeout(wake, ms);
			this.#settle();
		});
	}

	#settle(): void {
		for (const resolve of this.#idleWaiters.splice(0)) resolve();
	}

	/**
	 * Another tab (or this one) changed the queue: read it again, so every tab's badge and sign-out
	 * warning count the photos the others added. Dexie reports other tabs' writes through a
	 * BroadcastChannel. Several changes in a row make one read.
	 */
	#onMutated = (parts: ObservabilitySet): void => {
		if (this.#rereading || !Object.keys(parts).some((part) => part.startsWith(this.#uploadsPart))) return;
		this.#rereading = true;
		queueMicrotask(() => {
			this.#rereading = false;
			this.refresh().catch(() => {
				// Closed meanwhile; the next change or start() reads it.
			});
		});
	};

	#emit(): void {
		const status = this.status;
		for (const listener of this.#listeners) listener(status);
	}
}
