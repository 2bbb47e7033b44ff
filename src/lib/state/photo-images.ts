import type { PhotoLibrary } from '../media/index.ts';

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

export type PhotoSize = 'thumb' | 'full';

/**
 * A photo missing on the server is asked for again after 3 s, then twice as long each time up to
 * 30 s: the device that took it is often uploading it right now.
 */
const RECHECK_FIRST_MS = 3_000;
const RECHECK_MAX_MS = 30_000;
/** Object URLs of photos no longer on screen are kept this long, for scrolling back. */
const RELEASE_MS = 30_000;

interface Entry {
	image: PhotoImage;
	listeners: Set<(image: PhotoImage) => void>;
	/** A re-check is planned. */
	timer: ReturnType<typeof setTimeout> | null;
	loading: boolean;
	release: ReturnType<typeof setTimeout> | null;
	/** Re-checks so far without the photo. */
	misses: number;
}

/**
 * The images on screen: one object URL per photo and size, shared by every thumbnail showing it,
 * revoked a while after the last one goes. A photo not on the server yet is asked for again while
 * shown (after 3 s, doubling up to 30 s), and every one not shown yet when the device comes online (`retry`).
 */
export class PhotoImages {
	#entries = new Map<string, Entry>();

	constructor(private readonly library: Pick<PhotoLibrary, 'get'>) {}

	watch(hash: string, size: PhotoSize, listener: (image: PhotoImage) => void): () => void {
		const key = `${size}:${hash}`;
		let entry = this.#entries.get(key);
		if (!entry) {
			entry = {
				image: { state: 'loading', url: null },
				listeners: new Set(),
				timer: null,
				loading: false,
				release: null,
				misses: 0
			};
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

	/** Asks again for every photo on screen that is not shown yet (the device came online). */
	retry(): void {
		for (const [key, entry] of this.#entries) {
			if (entry.image.state === 'ready') continue;
			entry.misses = 0;
			this.#load(key, entry);
		}
	}

	destroy(): void {
		for (const key of [...this.#entries.keys()]) this.#drop(key);
	}

	#load(key: string, entry: Entry): void {
		if (entry.loading) return;
		if (entry.timer) clearTimeout(entry.timer);
		entry.timer = null;
		entry.loading = true;
		const [size, hash] = key.split(':') as [PhotoSize, string];
		void this.library.get(hash, size).then((result) => {
			entry.loading = false;
			if (this.#entries.get(key) !== entry) return;
			if (result.kind === 'ready')
				return this.#set(entry, { state: 'ready', url: URL.createObjectURL(result.blob) });
			if (result.kind === 'not_uploaded') this.#set(entry, { state: 'waiting', url: null });
			else if (result.kind === 'offline') this.#set(entry, { state: 'offline', url: null });
			else this.#set(entry, { state: 'unavailable', url: null });
			// Offline photos are asked for again on `online`; the others after a while.
			if (result.kind !== 'offline' && entry.listeners.size > 0) {
				const wait = Math.min(RECHECK_MAX_MS, RECHECK_FIRST_MS * 2 ** entry.misses++);
				entry.timer = setTimeout(() => this.#load(key, entry), wait);
			}
		});
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
