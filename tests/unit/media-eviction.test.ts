import { afterEach, describe, expect, it } from 'vitest';
import { evictPhotos } from '../../src/lib/media/eviction.ts';
import { openPhotoDb, type PhotoDb, type PhotoRow, type UploadRow } from '../../src/lib/media/photo-db.ts';
import type { PhotoLibrary } from '../../src/lib/media/photo-library.ts';
import { preparePhoto, type PreparedPhoto } from '../../src/lib/media/process.ts';
import { photoHash } from './helpers.ts';
import { device, fakeCodec, freshWorkspace, imageFile } from './media-helpers.ts';

const dbs: PhotoDb[] = [];
const libraries: PhotoLibrary[] = [];

afterEach(() => {
	for (const db of dbs.splice(0)) db.close();
	for (const library of libraries.splice(0)) library.close();
});

/** A photo of 100 bytes plus a 10-byte thumbnail, last used at minute `usedAt`. */
function row(n: number, usedAt: number, overrides: Partial<PhotoRow> = {}): PhotoRow {
	return {
		hash: photoHash(n),
		blob: new Blob([new Uint8Array(100)]),
		thumb: new Blob([new Uint8Array(10)]),
		type: 'image/jpeg',
		bytes: 100,
		width: 1600,
		height: 1200,
		addedAt: 0,
		lastUsedAt: usedAt * 60_000,
		origin: 'remote',
		uploaded: true,
		...overrides
	};
}

function queued(n: number, state: UploadRow['state']): UploadRow {
	return { hash: photoHash(n), seq: n, queuedAt: 0, attempts: 1, nextAttemptAt: 0, lastError: null, state };
}

async function database(photos: PhotoRow[], uploads: UploadRow[] = []): Promise<PhotoDb> {
	const db = openPhotoDb(freshWorkspace());
	dbs.push(db);
	await db.photos.bulkAdd(photos);
	await db.uploads.bulkAdd(uploads);
	return db;
}

async function left(db: PhotoDb): Promise<number[]> {
	const hashes = await db.photos.toCollection().primaryKeys();
	return hashes.map((hash) => parseInt(hash, 16)).sort((a, b) => a - b);
}

describe('eviction', () => {
	it('drops the least recently used photos until the device is under the cap', async () => {
		const db = await database([row(1, 40), row(2, 10), row(3, 30), row(4, 20)]);
		const report = await evictPhotos(db, { capBytes: 250 });
		expect(report).toEqual({ evicted: [photoHash(2), photoHash(4)], before: 440, after: 220 });
		expect(await left(db)).toEqual([1, 3]);
		expect(await evictPhotos(db, { capBytes: 250 })).toMatchObject({ evicted: [] });
	});

	it('never drops a photo waiting to upload, failed, or not confirmed uploaded, even the oldest over the cap', async () => {
		const db = await database(
			[
				row(1, 1, { origin: 'local', uploaded: false }), // waiting
				row(2, 2, { origin: 'local', uploaded: false }), // refused by the server
				row(3, 3, { origin: 'local', uploaded: false }), // not confirmed, queue row lost
				row(4, 4, { origin: 'local', uploaded: true }),
				row(5, 5)
			],
			[queued(1, 'waiting'), queued(2, 'failed')]
		);
		const report = await evictPhotos(db, { capBytes: 0 });
		expect(report.evicted).toEqual([photoHash(4), photoHash(5)]);
		expect(report.after).toBe(330);
		expect(await left(db)).toEqual([1, 2, 3]);
		expect(await db.uploads.count()).toBe(2);
	});

	it('spares the photos named in keep', async () => {
		const db = await database([row(1, 1), row(2, 2)]);
		expect((await evictPhotos(db, { capBytes: 0, keep: [photoHash(1)] })).evicted).toEqual([photoHash(2)]);
	});

	it('runs after a photo is fetched: older cached photos go, the one on screen stays', async () => {
		const d = device(freshWorkspace(), { capBytes: 60 });
		libraries.push(d.library);
		const photos: PreparedPhoto[] = [];
		for (const label of ['a', 'b', 'c']) {
			const photo = await preparePhoto(imageFile(800, 600, label), { codec: fakeCodec() });
			d.transport.stored.set(photo.hash, photo.blob);
			photos.push(photo);
		}
		for (const photo of photos) {
			expect(await d.library.get(photo.hash, 'thumb')).toMatchObject({ kind: 'ready' });
			await d.library.evict();
			d.clock.advance(60_000);
		}
		const db = openPhotoDb(d.library.workspace);
		dbs.push(db);
		expect(await db.photos.toCollection().primaryKeys()).toEqual([photos[2]!.hash]);
		// Gone from the device, fetched again when shown.
		expect(await d.library.get(photos[0]!.hash, 'full')).toMatchObject({ kind: 'ready' });
		expect(d.transport.gets.filter((hash) => hash === photos[0]!.hash)).toHaveLength(2);
	});
});
