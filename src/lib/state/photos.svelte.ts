import { createContext } from 'svelte';
import { ApiError } from '../api/error.ts';
import { describeError } from '../i18n/errors.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { PhotoLibrary, fetchTransport, type QueueStatus } from '../media/index.ts';
import { PhotoError } from '../media/errors.ts';

/** What a thumbnail or the viewer shows for one photo. */
export type PhotoImageState =
	/** Being read from this device or fetched. */
	| 'loading'
	| 'ready'
	/** Not on the server yet: the device that took it has not uploaded it. */
	| 'waiting'
	/** Not on this device, and this device is offline. */
	| 'offline'
	/** Fetching failed for another reason; retried later. */
	| 'unavailable';

export interface PhotoImage {
	state: PhotoImageState;
	/** An object URL while `ready`. */
	url: string | null;
}

export interface AddOutcome {
	/** The photos stored on this device (and queued), in the order given. */
	hashes: string[];
	/** Why some were not stored, in the reader's language; null when all were. */
	message: string | null;
}

export type PhotoSize = 'thumb' | 'full';

/** How long a photo missing on the server waits before it is asked for again. */
const RECHECK_MS = 15_000;
/** Object URLs of photos no longer on screen are kept this long, for scrolling back. */
const RELEASE_MS = 30_000;

interface Entry {
	image: PhotoImage;
	listeners: Set<(image: PhotoImage) => void>;
	/** A fetch or a re-check is under way or planned. */
	timer: ReturnType<typeof setTimeout> | null;
	loading: boolean;
	release: ReturnType<typeof setTimeout> | null;
}

/**
 * The app's photos: adding them (stored on this device before anything refers to them), showing
 * them (from this device, else fetched once and kept), and the upload queue's state for the sync
 * badge and sign-out. One per signed-in app; the ledger, drills and letters reuse it through
 * PhotoGallery.
 */
export class PhotosState {
	readonly library: PhotoLibrary;
	#status = $state<QueueStatus>({ waiting: 0, uploading: 0, failed: 0, current: null, pending: [], failures: [] });
	#entries = new Map<string, Entry>();
	#stop: (() => void)[] = [];

	constructor(workspace: string, token: () => string | null) {
		this.library = new PhotoLibrary({ workspace, transport: fetchTransport({ workspace, token }) });
		this.#stop.push(this.library.subscribe((status) => (this.#status = status)));
		const online = () => {
			this.library.kick();
			for (const [key, entry] of this.#entries) if (entry.image.state !== 'ready') this.#load(key, entry);
		};
		window.addEventListener('online', online);
		this.#stop.push(() => window.removeEventListener('online', online));
		this.library.start();
	}

	/** Photos this device holds that are not on the server yet (waiting, uploading or refused). */
	get waiting(): number {
		return this.#status.waiting + this.#status.uploading + this.#status.failed;
	}

	get failed(): number {
		return this.#status.failed;
	}

	/** The upload under way, in percent, or null. */
	get progress(): number | null {
		const current = this.#status.current;
		if (!current || current.total === 0) return null;
		return Math.round((current.sent / current.total) * 100);
	}

	isPending(hash: string): boolean {
		return this.#status.pending.includes(hash);
	}

	/** Why the server refused this photo (an error code), or null. */
	failedCode(hash: string): string | null {
		return this.#status.failures.find((failure) => failure.hash === hash)?.code ?? null;
	}

	/** The refused uploads with the reason in the reader's language. */
	get failures(): { hash: string; reason: string }[] {
		return this.#status.failures.map(({ hash, code }) => ({
			hash,
			// The server's refusal codes are API error codes, each with its sentence.
			reason: describeError(new ApiError(0, code, code), t)
		}));
	}

	/**
	 * Stores the photos on this device and queues their upload. Photos that cannot be read are
	 * left out and counted in the message; the others are stored.
	 */
	async add(files: Blob[]): Promise<AddOutcome> {
		const hashes: string[] = [];
		let unreadable = 0;
		let storageFull = false;
		for (const file of files) {
			try {
				const [added] = await this.library.add([file]);
				if (added) hashes.push(added.hash);
			} catch (error) {
				if (error instanceof PhotoError && error.code === 'photo_unreadable') unreadable++;
				else storageFull = true;
			}
		}
		const message = storageFull
			? t('photo.storageFull')
			: unreadable > 0
				? t('photo.unreadable', { n: unreadable })
				: null;
		return { hashes, message };
	}

	retry(hash: string): void {
		void this.library.retry(hash);
	}

	/**
	 * Calls `listener` with the photo's image now and whenever it changes, until the returned
	 * function is called. Shared between everyone showing the same photo at the same size.
	 */
	watch(hash: string, size: PhotoSize, listener: (image: PhotoImage) => void): () => void {
		const key = `${size}:${hash}`;
		let entry = this.#entries.get(key);
		if (!entry) {
			entry = { image: { state: 'loading', url: null }, listeners: new Set(), timer: null, loading: false, release: null };
			this.#entries.set(key, entry);
		}
		if (entry.release) clearTimeout(entry.release);
		entry.release = null;
		entry.listeners.add(listener);
		listener(entry.image);
		if (entry.image.state !== 'ready' && !entry.loading && entry.timer === null) this.#load(key, entry);
		const current = entry;
		return () => {
			current.listeners.delete(listener);
			if (current.listeners.size === 0) current.release = setTimeout(() => this.#drop(key), RELEASE_MS);
		};
	}

	destroy(): void {
		for (const stop of this.#stop) stop();
		for (const key of [...this.#entries.keys()]) this.#drop(key);
		this.library.close();
	}

	#load(key: string, entry: Entry): void {
		if (entry.loading) return;
		if (entry.timer) clearTimeout(entry.timer);
		entry.timer = null;
		entry.loading = true;
		const [size, hash] = key.split(':') as [PhotoSize, string];
		void this.library.get(hash, size).then(
			(result) => {
				entry.loading = false;
				if (this.#entries.get(key) !== entry) return;
				if (result.kind === 'ready') return this.#set(entry, { state: 'ready', url: URL.createObjectURL(result.blob) });
				if (result.kind === 'not_uploaded') this.#set(entry, { state: 'waiting', url: null });
				else if (result.kind === 'offline') this.#set(entry, { state: 'offline', url: null });
				else this.#set(entry, { state: 'unavailable', url: null });
				// Offline photos are asked for again on `online`; the others after a while.
				if (result.kind !== 'offline' && entry.listeners.size > 0)
					entry.timer = setTimeout(() => this.#load(key, entry), RECHECK_MS);
			},
			() => {
				entry.loading = false;
				this.#set(entry, { state: 'unavailable', url: null });
			}
		);
	}

	#set(entry: Entry, image: PhotoImage): void {
		if (entry.image.url && entry.image.url !== image.url) URL.revokeObjectURL(entry.image.url);
		entry.image = image;
		for (const listener of entry.listeners) listener(image);
	}

	#drop(key: string): void {
		const entry = this.#entries.get(key);
		if (!entry) return;
		if (entry.timer) clearTimeout(entry.timer);
		if (entry.release) clearTimeout(entry.release);
		if (entry.image.url) URL.revokeObjectURL(entry.image.url);
		this.#entries.delete(key);
	}
}

/** The PhotosState of the signed-in app; `getPhotos()` throws outside one. */
export const [getPhotos, setPhotos] = createContext<PhotosState>();
