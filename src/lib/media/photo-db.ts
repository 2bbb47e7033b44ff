import { Dexie, type DexieOptions, type EntityTable } from 'dexie';

/** One photo on this device: the stored JPEG, its thumbnail, and what eviction and upload need. */
export interface PhotoRow {
	/** SHA-256 hex of `blob`. */
	hash: string;
	blob: Blob;
	thumb: Blob;
	type: string;
	/** `blob.size`. */
	bytes: number;
	width: number;
	height: number;
	/** ms since epoch. */
	addedAt: number;
	/** Updated on use, at most every few minutes (LRU eviction only needs it roughly). */
	lastUsedAt: number;
	/** Taken (or imported) on this device, or fetched from the server. */
	origin: 'local' | 'remote';
	/** The server confirmed it has the photo. Until then the photo is never evicted. */
	uploaded: boolean;
}

/** A photo waiting to go to the server, or refused by it for good. */
export interface UploadRow {
	hash: string;
	/** Position in the queue: uploads go in the order photos were added. */
	seq: number;
	queuedAt: number;
	/** Failed attempts so far (the backoff grows with them). */
	attempts: number;
	/** Not before this time (ms since epoch); a `kick()` overrides it. */
	nextAttemptAt: number;
	/** The code of the last failure: a server code, `network` or `unknown`. */
	lastError: string | null;
	/** `failed`: refused for good (413, 415, 422, 403 …); kept until `retry(hash)`. */
	state: 'waiting' | 'failed';
	/** Ask the server first (HEAD) whether it has the photo: set for imported photos. */
	checkFirst?: boolean;
}

export type PhotoDb = Dexie & {
	photos: EntityTable<PhotoRow, 'hash'>;
	uploads: EntityTable<UploadRow, 'hash'>;
};

/** Apart from the documents' databases (`xiaoan/<workspace>/<document>`, counted by 本机数据). */
export function photoDbName(workspace: string): string {
	return `xiaoan-photos-${workspace}`;
}

/**
 * The photo database of one workspace. Dexie rather than raw IndexedDB: typed tables, versioned
 * schemas, and transactions spanning both tables as plain async functions (a photo and its queue
 * row are written together, and an upload's success marks one and deletes the other together).
 * `options`: e.g. another `indexedDB` for tests.
 */
export function openPhotoDb(workspace: string, options?: DexieOptions): PhotoDb {
	const db = new Dexie(photoDbName(workspace), options) as PhotoDb;
	db.version(1).stores({
		// Only indexed fields are listed; the blobs are stored in the rows but never indexed.
		photos: 'hash, lastUsedAt',
		uploads: 'hash, seq'
	});
	return db;
}

export interface NewPhoto {
	hash: string;
	blob: Blob;
	thumb: Blob;
	type: string;
	width: number;
	height: number;
}

/**
 * Stores a photo made on this device and queues its upload, in one transaction, so a photo is
 * never stored without being queued nor queued without being stored. `known`: the device had it
 * already (the same picture added twice); its row is left as it is, only marked used.
 */
export async function storeLocalPhoto(
	db: PhotoDb,
	photo: NewPhoto,
	now: number,
	queue: { checkFirst?: boolean } = {}
): Promise<'added' | 'known'> {
	return db.transaction('rw', db.photos, db.uploads, async () => {
		const existing = await db.photos.get(photo.hash);
		if (existing) {
			await db.photos.update(photo.hash, { lastUsedAt: now });
			// A photo not on the server must be queued; repair a queue row lost somehow.
			if (!existing.uploaded && !(await db.uploads.get(photo.hash)))
				await enqueue(db, photo.hash, now, queue);
			return 'known';
		}
		await db.photos.add(newRow(photo, now, 'local', false));
		await enqueue(db, photo.hash, now, queue);
		return 'added';
	});
}

/** Stores a photo fetched from the server (uploaded by definition); keeps a local copy if one appeared. */
export async function storeRemotePhoto(db: PhotoDb, photo: NewPhoto, now: number): Promise<void> {
	await db.transaction('rw', db.photos, async () => {
		if (await db.photos.get(photo.hash)) return;
		await db.photos.add(newRow(photo, now, 'remote', true));
	});
}

/** The server has the photo: mark it and drop its queue row together. */
export async function markUploaded(db: PhotoDb, hash: string): Promise<void> {
	await db.transaction('rw', db.photos, db.uploads, async () => {
		await db.photos.update(hash, { uploaded: true });
		await db.uploads.delete(hash);
	});
}

async function enqueue(
	db: PhotoDb,
	hash: string,
	now: number,
	options: { checkFirst?: boolean }
): Promise<void> {
	const last = await db.uploads.orderBy('seq').last();
	await db.uploads.put({
		hash,
		seq: (last?.seq ?? 0) + 1,
		queuedAt: now,
		attempts: 0,
		nextAttemptAt: now,
		lastError: null,
		state: 'waiting',
		...(options.checkFirst ? { checkFirst: true } : {})
	});
}

function newRow(photo: NewPhoto, now: number, origin: PhotoRow['origin'], uploaded: boolean): PhotoRow {
	const { hash, blob, thumb, type, width, height } = photo;
	return {
		hash,
		blob,
		thumb,
		type,
		bytes: blob.size,
		width,
		height,
		addedAt: now,
		lastUsedAt: now,
		origin,
		uploaded
	};
}
