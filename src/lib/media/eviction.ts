import type { PhotoDb, PhotoRow } from './photo-db.ts';

/** Default cap on the bytes of photos kept on the device: a few thousand at ~300 KB each. */
export const DEFAULT_CAP_BYTES = 300 * 1024 * 1024;

export interface EvictionOptions {
	/** Bytes of photos (full size and thumbnail) to keep at most. Default DEFAULT_CAP_BYTES. */
	capBytes?: number;
	/** Photos never to evict this time, e.g. the one just fetched for the screen. */
	keep?: readonly string[];
}

export interface EvictionReport {
	evicted: string[];
	/** Bytes of every photo on the device before and after. */
	before: number;
	after: number;
}

/** What one photo weighs on the device. */
export function storedBytes(row: PhotoRow): number {
	return row.bytes + row.thumb.size;
}

/**
 * Drops the least recently used photos until the device holds at most `capBytes` of them. Only a
 * photo the server confirmed it has (uploaded, and no longer queued) is a candidate: anything
 * else may exist nowhere but here, so it stays even when it alone exceeds the cap. An evicted
 * photo is fetched again when next shown.
 *
 * One read-write transaction over both tables, so a photo cannot be queued (or re-added) between
 * the check and the delete.
 */
export async function evictPhotos(db: PhotoDb, options: EvictionOptions = {}): Promise<EvictionReport> {
	const cap = options.capBytes ?? DEFAULT_CAP_BYTES;
	const keep = new Set(options.keep ?? []);
	return db.transaction('rw', db.photos, db.uploads, async () => {
		const queued = new Set(await db.uploads.toCollection().primaryKeys());
		let before = 0;
		const candidates: { hash: string; size: number }[] = [];
		// Oldest use first.
		await db.photos.orderBy('lastUsedAt').each((row) => {
			const size = storedBytes(row);
			before += size;
			if (row.uploaded && !queued.has(row.hash) && !keep.has(row.hash))
				candidates.push({ hash: row.hash, size });
		});
		let after = before;
		const evicted: string[] = [];
		for (const candidate of candidates) {
			if (after <= cap) break;
			evicted.push(candidate.hash);
			after -= candidate.size;
		}
		if (evicted.length > 0) await db.photos.bulkDelete(evicted);
		return { evicted, before, after };
	});
}
