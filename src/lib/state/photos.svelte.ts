import { createContext } from 'svelte';
import { ApiError } from '../api/error.ts';
import { describeError } from '../i18n/errors.ts';
import { t } from '../i18n/i18n.svelte.ts';
import {
	PhotoError,
	PhotoLibrary,
	fetchTransport,
	type UploadRow,
	type UploadStatus
} from '../media/index.ts';
import { PhotoImages, type PhotoImage, type PhotoSize } from './photo-images.ts';

export type { PhotoImage, PhotoImageState, PhotoSize } from './photo-images.ts';

export interface AddOutcome {
	/** The photos stored on this device (and queued), in the order given. */
	hashes: string[];
	/** Why some were not stored, in the reader's language; null when all were. */
	message: string | null;
}

/**
 * The app's photos: adding them (stored on this device before anything refers to them), showing
 * them (from this device, else fetched once and kept), and the upload queue's state for the sync
 * badge and sign-out. One per signed-in app; the ledger, drills and letters reuse it through
 * PhotoGallery.
 */
export class PhotosState {
	readonly library: PhotoLibrary;
	#status = $state.raw<UploadStatus>({ waiting: 0, uploading: 0, failed: 0, blocked: null });
	/** This device's photos not on the server yet, in upload order. */
	#rows = $state.raw<UploadRow[]>([]);
	#images: PhotoImages;
	#stop: (() => void)[] = [];

	constructor(workspace: string, token: () => string | null) {
		this.library = new PhotoLibrary({ workspace, transport: fetchTransport({ workspace, token }) });
		this.#images = new PhotoImages(this.library);
		this.#stop.push(
			this.library.subscribe((status) => {
				this.#status = status;
				this.#rows = this.library.pending();
			})
		);
		const online = () => this.resume();
		window.addEventListener('online', online);
		this.#stop.push(() => window.removeEventListener('online', online));
		void this.library.start();
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
		return this.#rows.some((row) => row.hash === hash);
	}

	/** Why the server refused this photo (an error code), or null. */
	failedCode(hash: string): string | null {
		const row = this.#rows.find((entry) => entry.hash === hash);
		return row?.state === 'failed' ? (row.lastError ?? 'unknown') : null;
	}

	/** The refused uploads with the reason in the reader's language. */
	get failures(): { hash: string; reason: string }[] {
		const failed = this.#rows.filter((row) => row.state === 'failed');
		return failed.map(({ hash, lastError }) => ({
			hash,
			// The server's refusal codes are API error codes, each with its sentence.
			reason: describeError(new ApiError(0, lastError ?? 'unknown', 'refused'), t)
		}));
	}

	/**
	 * Stores the photos on this device and queues their upload. Photos that cannot be read are
	 * left out and counted in the message; the others are stored.
	 */
	async add(files: Blob[]): Promise<AddOutcome> {
		const results = await this.library.add(files);
		const hashes: string[] = [];
		let unreadable = 0;
		let failure: unknown = null;
		for (const result of results) {
			if (result.kind === 'added') hashes.push(result.hash);
			else if (result.error instanceof PhotoError && result.error.code === 'photo_unreadable') unreadable++;
			else failure ??= result.error;
		}
		// A full device (or another storage fault) says so in its own words; unreadable files are counted.
		const message =
			failure !== null
				? describeError(failure, t)
				: unreadable > 0
					? t('photo.unreadable', { n: unreadable })
					: null;
		return { hashes, message };
	}

	/**
	 * The network or the server is back: uploads go now rather than after their backoff, and photos
	 * on screen that could not be fetched are asked for again.
	 */
	resume(): void {
		this.library.kick();
		this.#images.retry();
	}

	retry(hash: string): void {
		void this.library.retry(hash);
	}

	/**
	 * Calls `listener` with the photo's image now and whenever it changes, until the returned
	 * function is called (photo-images.ts).
	 */
	watch(hash: string, size: PhotoSize, listener: (image: PhotoImage) => void): () => void {
		return this.#images.watch(hash, size, listener);
	}

	destroy(): void {
		for (const stop of this.#stop) stop();
		this.#images.destroy();
		this.library.close();
	}
}

/** The PhotosState of the signed-in app; `getPhotos()` throws outside one. */
export const [getPhotos, setPhotos] = createContext<PhotosState>();
