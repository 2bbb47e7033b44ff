import { isContentHash } from '../model/photos.ts';
import { PhotoError } from './errors.ts';
import { storeLocalPhoto, type PhotoDb } from './photo-db.ts';
import { sha256Hex, type PhotoProcessor } from './process.ts';

/** A photo as the `.xiaoan` file carries it (FilePhoto of src/lib/sync/workspace-file.ts). */
export interface PortablePhoto {
	hash: string;
	type: string;
	bytes: Uint8Array;
}

/**
 * Photos to carry in an export: by default those the server does not have yet, which exist
 * nowhere but on this device; `all`: every one here (a file as large as the photo cache).
 */
export async function readPortablePhotos(
	db: PhotoDb,
	which: 'not_uploaded' | 'all' = 'not_uploaded'
): Promise<PortablePhoto[]> {
	const rows =
		which === 'all' ? await db.photos.toArray() : await db.photos.filter((row) => !row.uploaded).toArray();
	return Promise.all(
		rows.map(async (row) => ({
			hash: row.hash,
			type: row.type,
			bytes: new Uint8Array(await row.blob.arrayBuffer())
		}))
	);
}

/**
 * Stores imported photos as this device's own and queues them, each whose bytes match its hash
 * (a hand-made file could name bytes wrongly; the server would refuse them anyway). The queue asks
 * the server first (HEAD), since most will be there already. A refused photo is logged and counted.
 */
export async function storePortablePhotos(
	db: PhotoDb,
	processor: PhotoProcessor,
	photos: readonly PortablePhoto[],
	now: number
): Promise<{ added: number; refused: number }> {
	let added = 0;
	let refused = 0;
	for (const photo of photos) {
		try {
			if (!isContentHash(photo.hash) || (await sha256Hex(photo.bytes)) !== photo.hash) {
				throw new PhotoError('photo_corrupt', 'the bytes do not match the hash');
			}
			const blob = new Blob([photo.bytes.slice()], { type: photo.type });
			const { thumb, width, height } = await processor.thumbnail(blob);
			const stored = { hash: photo.hash, blob, thumb, type: photo.type, width, height };
			if ((await storeLocalPhoto(db, stored, now, { checkFirst: true })) === 'added') added++;
		} catch (error) {
			console.error('photo import', photo.hash, error);
			refused++;
		}
	}
	return { added, refused };
}
