import type { DexieOptions } from 'dexie';
import { isContentHash } from '../model/photos.ts';
import type { BackoffOptions } from './backoff.ts';
import { systemClock, type Clock } from './clock.ts';
import { BlobTransportError, PhotoError } from './errors.ts';
import { evictPhotos, type EvictionReport } from './eviction.ts';
import { openPhotoDb, storeLocalPhoto, storeRemotePhoto, type PhotoDb, type PhotoRow } from './photo-db.ts';
import { readPortablePhotos, storePortablePhotos, type PortablePhoto } from './portable.ts';
import { photoProcessor, sha256Hex, type PhotoProcessor } from './process.ts';
import type { BlobTransport } from './transport.ts';
import { UploadQueue, type UploadStatus } from './upload-queue.ts';

export type PhotoSize = 'thumb' | 'full';

/**
 * A photo for the screen. `not_uploaded`: the server does not have it yet (the device that took it
 * has not uploaded it); `offline`: no answer; `error`: a code of PHOTO_ERROR_CODES or the server's.
 */
export type PhotoResult =
	| { kind: 'ready'; blob: Blob }
	| { kind: 'not_uploaded' }
	| { kind: 'offline' }
	| { kind: 'error'; code: string };

/** One of the files given to `add`, in their order: stored and queued, or refused with why. */
export type AddedPhoto =
	| { kind: 'added'; hash: string; width: number; height: number; bytes: number }
	/** `error`: a PhotoError (`photo_unreadable`), or the storage's (a full device: QuotaExceededError). */
	| { kind: 'refused'; error: unknown };

export interface PhotoLibraryOptions {
	workspace: string;
	transport: BlobTransport;
	/** Decoding, resizing and encoding. Default the browser's (photoProcessor()). */
	processor?: PhotoProcessor;
	/** Default the system clock. */
	clock?: Clock;
	/** For the upload backoff's jitter. Default Math.random. */
	random?: () => number;
	backoff?: BackoffOptions;
	/** Wait after the server's photo quota is full (507). Default 15 min. */
	quotaRetryMs?: number;
	/** Bytes of photos kept on the device. Default DEFAULT_CAP_BYTES (300 MB). */
	capBytes?: number;
	/**
	 * A photo's last use is written at most this often: a list re-rendering must not write to
	 * IndexedDB each time, and LRU eviction needs only a rough order. Default 10 min.
	 */
	touchIntervalMs?: number;
	/** For Dexie, e.g. another `indexedDB`. */
	dexie?: DexieOptions;
}

/** What a remote fetch brought (shared by every concurrent `get` of that photo). */
type Fetched = { kind: 'fetched'; blob: Blob; thumb: Blob } | Exclude<PhotoResult, { kind: 'ready' }>;

/**
 * The photos of one workspace on this device: what the UI calls. Photos are stored in IndexedDB
 * (Dexie) and queued for upload before `add` resolves, so the hash the UI then writes into a Yjs
 * document never points at nothing on the device that made it. Photos taken elsewhere are fetched
 * from the server on first `get` and cached, within a cap, least recently used out first.
 */
export class PhotoLibrary {
	readonly workspace: string;
	readonly #db: PhotoDb;
	readonly #options: PhotoLibraryOptions;
	readonly #processor: PhotoProcessor;
	readonly #clock: Clock;
	readonly #queue: UploadQueue;
	readonly #fetches = new Map<string, Promise<Fetched>>();
	readonly #touching = new Set<string>();
	#evicting: Promise<EvictionReport | null> | null = null;
	#evictAgain = false;
	readonly #spare = new Set<string>();
	#closed = false;

	constructor(options: PhotoLibraryOptions) {
		this.workspace = options.workspace;
		this.#options = options;
		this.#db = openPhotoDb(options.workspace, options.dexie);
		this.#processor = options.processor ?? photoProcessor();
		this.#clock = options.clock ?? systemClock;
		this.#queue = new UploadQueue({
			db: this.#db,
			transport: options.transport,
			clock: this.#clock,
			random: options.random,
			backoff: options.backoff,
			quotaRetryMs: options.quotaRetryMs
		});
	}

	/** Reads the queue, resumes uploading what an earlier session left, and trims the cache. */
	async start(): Promise<void> {
		await this.#queue.refresh();
		this.#queue.start();
		void this.evict();
	}

	/** Stops uploading (aborting the upload in flight) until `start`. */
	stop(): void {
		this.#queue.stop();
	}

	/** Try uploading now: call on `online` and after the app refreshed its token. */
	kick(): void {
		this.#queue.kick();
	}

	/** Puts a photo the server refused back in the queue. */
	retry(hash: string): Promise<void> {
		return this.#queue.retry(hash);
	}

	/** Stops and closes the database; the library cannot be used again. */
	close(): void {
		this.#closed = true;
		this.#queue.close();
		this.#db.close();
	}

	/**
	 * Prepares, stores and queues each file, one after another (decoding a 12-megapixel photo takes
	 * ~50 MB; several at once can crash a phone's tab). Each is stored as soon as it is ready and
	 * starts uploading while the next is prepared. Never rejects: each file's result says.
	 */
	async add(files: readonly Blob[]): Promise<AddedPhoto[]> {
		const results: AddedPhoto[] = [];
		for (const file of files) {
			try {
				const photo = await this.#processor.prepare(file);
				await storeLocalPhoto(this.#db, photo, this.#clock.now());
				// The queue starts on it while the next file is prepared; the counts are current on return.
				await this.#queue.refresh();
				const { hash, width, height, bytes } = photo;
				results.push({ kind: 'added', hash, width, height, bytes });
			} catch (error) {
				results.push({ kind: 'refused', error });
			}
		}
		return results;
	}

	/** The photo from the device, else from the server (then kept on the device). */
	async get(hash: string, size: PhotoSize): Promise<PhotoResult> {
		if (!isContentHash(hash)) return { kind: 'error', code: 'invalid_hash' };
		let row: PhotoRow | undefined;
		try {
			row = await this.#db.photos.get(hash);
		} catch (error) {
			// IndexedDB failing (or the library closed): the screen shows a placeholder, not a crash.
			console.error('photo read', error);
			return { kind: 'error', code: 'unknown' };
		}
		if (row) {
			this.#touch(row);
			return { kind: 'ready', blob: size === 'thumb' ? row.thumb : row.blob };
		}
		let fetching = this.#fetches.get(hash);
		if (!fetching) {
			fetching = this.#fetch(hash).finally(() => this.#fetches.delete(hash));
			this.#fetches.set(hash, fetching);
		}
		const fetched = await fetching;
		if (fetched.kind !== 'fetched') return fetched;
		return { kind: 'ready', blob: size === 'thumb' ? fetched.thumb : fetched.blob };
	}

	/** Counts for the sync badge ("2 张照片待上传") and the sign-out warning, and the upload's progress. */
	status(): UploadStatus {
		return this.#queue.status;
	}

	/** Called now and on every change of `status()`. Returns the unsubscribe. */
	subscribe(listener: (status: UploadStatus) => void): () => void {
		return this.#queue.subscribe(listener);
	}

	/** The photo exists only on this device so far (waiting, uploading, or refused by the server). */
	isPending(hash: string): boolean {
		return this.#queue.isPending(hash);
	}

	/** The queue in order, with each photo's attempts, state and last error code (failed ones too). */
	pending(): ReturnType<UploadQueue['entries']> {
		return this.#queue.entries();
	}

	/** Resolves once uploading has nothing to do now (for tests and for a sign-out that waits). */
	idle(): Promise<void> {
		return this.#queue.idle();
	}

	/**
	 * Trims the cache to the cap (see eviction.ts); `keep`: photos to spare, e.g. the one just
	 * fetched for the screen. Runs one at a time: calls during a run make one more run after it,
	 * sparing what every call asked to spare.
	 */
	async evict(keep: readonly string[] = []): Promise<EvictionReport | null> {
		for (const hash of keep) this.#spare.add(hash);
		if (this.#evicting) {
			this.#evictAgain = true;
			return this.#evicting;
		}
		const run = async (): Promise<EvictionReport | null> => {
			let report: EvictionReport | null = null;
			do {
				this.#evictAgain = false;
				if (this.#closed) break;
				try {
					report = await evictPhotos(this.#db, { capBytes: this.#options.capBytes, keep: [...this.#spare] });
				} catch (error) {
					// Eviction only saves space; it never stands in the way of showing a photo.
					console.error('photo eviction', error);
				}
			} while (this.#evictAgain);
			this.#spare.clear();
			return report;
		};
		this.#evicting = run().finally(() => (this.#evicting = null));
		return this.#evicting;
	}

	/** Photos for the `.xiaoan` file: those the server does not have yet, or (`all`) every one here. */
	exportPhotos(which: 'not_uploaded' | 'all' = 'not_uploaded'): Promise<PortablePhoto[]> {
		return readPortablePhotos(this.#db, which);
	}

	/** Photos from a `.xiaoan` file, stored as this device's own and queued (portable.ts). */
	async importPhotos(photos: readonly PortablePhoto[]): Promise<{ added: number; refused: number }> {
		const report = await storePortablePhotos(this.#db, this.#processor, photos, this.#clock.now());
		await this.#queue.refresh();
		return report;
	}

	async #fetch(hash: string): Promise<Fetched> {
		let blob: Blob | null;
		try {
			blob = await this.#options.transport.get(hash);
		} catch (error) {
			if (error instanceof BlobTransportError)
				return error.offline ? { kind: 'offline' } : { kind: 'error', code: error.code };
			return { kind: 'error', code: 'unknown' };
		}
		if (blob === null) return { kind: 'not_uploaded' };
		// The name is the content: bytes that do not match are never shown nor kept.
		if ((await sha256Hex(blob)) !== hash) return { kind: 'error', code: 'photo_corrupt' };
		let thumb: Blob;
		let width: number;
		let height: number;
		try {
			({ thumb, width, height } = await this.#processor.thumbnail(blob));
		} catch (error) {
			return { kind: 'error', code: error instanceof PhotoError ? error.code : 'photo_unreadable' };
		}
		const type = blob.type || 'image/jpeg';
		try {
			await storeRemotePhoto(this.#db, { hash, blob, thumb, type, width, height }, this.#clock.now());
			void this.evict([hash]);
		} catch (error) {
			// A full device still shows the photo; it is fetched again next time.
			console.error('photo cache', error);
		}
		return { kind: 'fetched', blob, thumb };
	}

	#touch(row: PhotoRow): void {
		const now = this.#clock.now();
		const interval = this.#options.touchIntervalMs ?? 10 * 60_000;
		if (now - row.lastUsedAt < interval || this.#touching.has(row.hash)) return;
		this.#touching.add(row.hash);
		void this.#db.photos
			.update(row.hash, { lastUsedAt: now })
			.catch(() => {
				// Only an eviction hint.
			})
			.finally(() => this.#touching.delete(row.hash));
	}
}
