import { afterEach, describe, expect, it } from 'vitest';
import { PhotoError } from '../../src/lib/media/errors.ts';
import { openPhotoDb } from '../../src/lib/media/photo-db.ts';
import type { PhotoLibrary } from '../../src/lib/media/photo-library.ts';
import { preparePhoto, type PreparedPhoto } from '../../src/lib/media/process.ts';
import { device, fakeCodec, freshWorkspace, imageFile, until, type TestDevice } from './media-helpers.ts';

const open: PhotoLibrary[] = [];

function start(d: TestDevice = device()): TestDevice {
	open.push(d.library);
	return d;
}

afterEach(() => {
	for (const library of open.splice(0)) library.close();
});

/** A photo another device took and uploaded: on the fake server only. */
async function onServer({ transport }: TestDevice, label: string): Promise<PreparedPhoto> {
	const photo = await preparePhoto(imageFile(3000, 4000, label), { codec: fakeCodec() });
	transport.stored.set(photo.hash, photo.blob);
	return photo;
}

describe('PhotoLibrary.add', () => {
	it('has stored and queued each photo before it resolves', async () => {
		const { library } = start();
		const [added] = await library.add([imageFile(4032, 3024, '消防通道')]);
		expect(added).toMatchObject({ kind: 'added', width: 1600, height: 1200 });
		if (added?.kind !== 'added') return;

		// Another connection to the same database sees both rows: they are committed.
		const db = openPhotoDb(library.workspace);
		const row = await db.photos.get(added.hash);
		expect(row).toMatchObject({
			type: 'image/jpeg',
			width: 1600,
			height: 1200,
			bytes: added.bytes,
			origin: 'local',
			uploaded: false
		});
		expect(await row!.blob.text()).toBe('jpeg 1600x1200 q0.8 消防通道');
		expect(await row!.thumb.text()).toBe('jpeg 320x240 q0.7 消防通道');
		expect(await db.uploads.get(added.hash)).toMatchObject({ state: 'waiting', attempts: 0 });
		db.close();
		expect(library.isPending(added.hash)).toBe(true);
		expect(library.status()).toMatchObject({ waiting: 1, uploading: 0, failed: 0 });
	});

	it('answers per file, in order: an unreadable file is refused and the others are kept', async () => {
		const { library } = start();
		const results = await library.add([
			imageFile(800, 600, 'a'),
			new Blob(['HEIC…'], { type: 'image/heic' }),
			imageFile(800, 600, 'b')
		]);
		expect(results.map((result) => result.kind)).toEqual(['added', 'refused', 'added']);
		const refused = results[1];
		expect(refused?.kind === 'refused' && refused.error).toBeInstanceOf(PhotoError);
		expect(refused).toMatchObject({ error: { code: 'photo_unreadable' } });
		// Never enlarged.
		expect(results[0]).toMatchObject({ width: 800, height: 600 });
		expect(library.status().waiting).toBe(2);
	});

	it('stores and queues the same picture once', async () => {
		const { library } = start();
		const [a, b] = await library.add([imageFile(800, 600, 'same'), imageFile(800, 600, 'same')]);
		expect(a?.kind === 'added' && b?.kind === 'added' && a.hash === b.hash).toBe(true);
		expect(library.status().waiting).toBe(1);
	});
});

describe('PhotoLibrary.status', () => {
	it('counts in every tab the photos another tab added', async () => {
		const workspace = freshWorkspace();
		const tabA = start(device(workspace));
		// Tab B does not upload here (it would take the photo out of `waiting` at once).
		const tabB = start(device(workspace, { clock: tabA.clock }));
		const seen: number[] = [];
		tabB.library.subscribe((status) => seen.push(status.waiting));
		const [added] = await tabA.library.add([imageFile(800, 600, 'a')]);
		await until(() => tabB.library.status().waiting === 1, 'the other tab to count it');
		expect(tabB.library.isPending(added?.kind === 'added' ? added.hash : '')).toBe(true);
		expect(seen).toContain(1);
	});
});

describe('PhotoLibrary.get', () => {
	it('returns the thumbnail or the photo from the device without asking the server', async () => {
		const { library, transport } = start();
		const [added] = await library.add([imageFile(800, 600, 'a')]);
		const hash = added?.kind === 'added' ? added.hash : '';
		const thumb = await library.get(hash, 'thumb');
		const full = await library.get(hash, 'full');
		expect(thumb.kind === 'ready' && (await thumb.blob.text())).toBe('jpeg 320x240 q0.7 a');
		expect(full.kind === 'ready' && (await full.blob.text())).toBe('jpeg 800x600 q0.8 a');
		expect(transport.gets).toEqual([]);
	});

	it('fetches a photo taken elsewhere, keeps it with a thumbnail made here, and asks only once', async () => {
		const d = start();
		const photo = await onServer(d, '围墙');
		const full = await d.library.get(photo.hash, 'full');
		expect(full.kind === 'ready' && (await full.blob.text())).toBe(await photo.blob.text());
		const thumb = await d.library.get(photo.hash, 'thumb');
		expect(thumb.kind === 'ready' && (await thumb.blob.text())).toBe('jpeg 240x320 q0.7 围墙');
		expect(d.transport.gets).toEqual([photo.hash]);

		const db = openPhotoDb(d.library.workspace);
		expect(await db.photos.get(photo.hash)).toMatchObject({
			origin: 'remote',
			uploaded: true,
			width: 1200,
			height: 1600
		});
		db.close();
		expect(d.library.isPending(photo.hash)).toBe(false);
		expect(d.library.status().waiting).toBe(0);
	});

	it('says not_uploaded when the server does not have it yet, offline without an answer', async () => {
		const d = start();
		const missing = 'a'.repeat(64);
		expect(await d.library.get(missing, 'thumb')).toEqual({ kind: 'not_uploaded' });
		d.transport.offline = true;
		expect(await d.library.get(missing, 'thumb')).toEqual({ kind: 'offline' });
		// Neither answer is kept: once the photo is there, it is shown.
		d.transport.offline = false;
		const photo = await onServer(d, 'later');
		expect(await d.library.get(photo.hash, 'thumb')).toMatchObject({ kind: 'ready' });
		expect(await d.library.get('not-a-hash', 'thumb')).toEqual({ kind: 'error', code: 'invalid_hash' });
	});

	it('never shows nor keeps bytes that do not match the hash', async () => {
		const d = start();
		const photo = await onServer(d, 'x');
		d.transport.stored.set(photo.hash, new Blob(['something else'], { type: 'image/jpeg' }));
		expect(await d.library.get(photo.hash, 'full')).toEqual({ kind: 'error', code: 'photo_corrupt' });
		const db = openPhotoDb(d.library.workspace);
		expect(await db.photos.count()).toBe(0);
		db.close();
	});

	it('shares one request among concurrent gets of the same photo', async () => {
		const d = start();
		const photo = await onServer(d, 'shared');
		const release = d.transport.holdGets();
		const results = Promise.all([
			d.library.get(photo.hash, 'thumb'),
			d.library.get(photo.hash, 'full'),
			d.library.get(photo.hash, 'thumb')
		]);
		await new Promise((resolve) => setTimeout(resolve, 20));
		release();
		expect((await results).map((result) => result.kind)).toEqual(['ready', 'ready', 'ready']);
		expect(d.transport.gets).toEqual([photo.hash]);
	});

	it('records use at most once per interval, not on every render', async () => {
		const { library, clock } = start();
		const [added] = await library.add([imageFile(800, 600, 'a')]);
		const hash = added?.kind === 'added' ? added.hash : '';
		const addedAt = clock.now();
		const db = openPhotoDb(library.workspace);
		const lastUsed = async () => (await db.photos.get(hash))!.lastUsedAt;

		clock.advance(5 * 60_000);
		for (let i = 0; i < 20; i++) await library.get(hash, 'thumb');
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await lastUsed()).toBe(addedAt);
		clock.advance(6 * 60_000);
		await Promise.all([library.get(hash, 'thumb'), library.get(hash, 'thumb')]);
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(await lastUsed()).toBe(clock.now());
		db.close();
	});
});
