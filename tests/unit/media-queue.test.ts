import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/lib/media/backoff.ts';
import { openPhotoDb } from '../../src/lib/media/photo-db.ts';
import type { PhotoLibrary } from '../../src/lib/media/photo-library.ts';
import {
	FakeTransport,
	device,
	fail,
	freshWorkspace,
	hang,
	imageFile,
	until,
	type TestDevice
} from './media-helpers.ts';

// The upload queue through the library, as the app drives it: a fake server, a fake clock (the
// backoff runs to minutes), and fake-indexeddb holding the queue across "restarts".

const open: PhotoLibrary[] = [];

function start(d: TestDevice = device()): TestDevice {
	open.push(d.library);
	return d;
}

afterEach(() => {
	for (const library of open.splice(0)) library.close();
});

async function addPhotos(library: PhotoLibrary, ...labels: string[]): Promise<string[]> {
	const added = await library.add(labels.map((label) => imageFile(4000, 3000, label)));
	return added.map((photo) => {
		if (photo.kind !== 'added') throw new Error('not added');
		return photo.hash;
	});
}

describe('backoff', () => {
	it('doubles from 2 s to at most 5 min, spread ±25 % by jitter', () => {
		const middle = () => 0.5;
		expect([1, 2, 3, 4, 8, 9, 20].map((n) => backoffDelay(n, middle))).toEqual([
			2000, 4000, 8000, 16_000, 256_000, 300_000, 300_000
		]);
		expect(backoffDelay(1, () => 0)).toBe(1500);
		expect(backoffDelay(1, () => 0.999_999)).toBe(2500);
	});
});

describe('upload queue', () => {
	it('retries a network failure and 5xx answers with a doubling wait, then uploads', async () => {
		const { library, clock, transport } = start();
		const [hash] = await addPhotos(library, 'crack');
		transport.script.push(fail(0, 'network'), fail(503, 'unknown'), fail(500, 'internal'));
		const t0 = clock.now();
		await library.start();
		await library.idle();
		expect(library.status()).toMatchObject({ waiting: 1, uploading: 0, blocked: 'offline' });
		expect(library.pending()[0]).toMatchObject({
			attempts: 1,
			nextAttemptAt: t0 + 2000,
			lastError: 'network'
		});
		expect(clock.nextTimerAt).toBe(t0 + 2000);

		clock.advance(1999);
		await library.idle();
		expect(transport.puts).toHaveLength(1);
		clock.advance(1);
		await library.idle();
		expect(library.status().blocked).toBe('server');
		expect(library.pending()[0]).toMatchObject({
			attempts: 2,
			nextAttemptAt: t0 + 6000,
			lastError: 'unknown'
		});
		clock.advance(4000);
		await library.idle();
		expect(library.pending()[0]).toMatchObject({ attempts: 3, nextAttemptAt: t0 + 14_000 });
		clock.advance(8000);
		await library.idle();

		expect(transport.puts.map((put) => put.at - t0)).toEqual([0, 2000, 6000, 14_000]);
		expect(transport.stored.has(hash!)).toBe(true);
		expect(library.status()).toEqual({ waiting: 0, uploading: 0, failed: 0, blocked: null });
		expect(library.isPending(hash!)).toBe(false);
		const db = openPhotoDb(library.workspace);
		expect(await db.photos.get(hash!)).toMatchObject({ uploaded: true, origin: 'local' });
		expect(await db.uploads.count()).toBe(0);
		db.close();
	});

	it('retries an error that is not an answer (a bug, a read failure) like a 5xx, never drops the photo', async () => {
		const { library, clock, transport } = start();
		await addPhotos(library, 'a');
		transport.script.push(() => {
			throw new TypeError('boom');
		});
		const t0 = clock.now();
		await library.start();
		await library.idle();
		expect(library.status()).toMatchObject({ waiting: 1, failed: 0, blocked: 'server' });
		expect(library.pending()[0]).toMatchObject({
			state: 'waiting',
			nextAttemptAt: t0 + 2000,
			lastError: 'unknown'
		});
	});

	it('waits at least what Retry-After says, and retries slowly when the photo quota is full', async () => {
		const { library, clock, transport } = start();
		await addPhotos(library, 'a');
		transport.script.push(fail(429, 'rate_limited', 60_000), fail(507, 'photo_quota_exceeded'));
		const t0 = clock.now();
		await library.start();
		await library.idle();
		expect(library.pending()[0]!.nextAttemptAt).toBe(t0 + 60_000);
		clock.advance(60_000);
		await library.idle();
		expect(library.status().blocked).toBe('quota');
		expect(library.pending()[0]!.nextAttemptAt).toBe(t0 + 60_000 + 15 * 60_000);
		// The office freed space and the app kicks (or the device came online): at once.
		library.kick();
		await library.idle();
		expect(transport.puts).toHaveLength(3);
		expect(library.status()).toMatchObject({ waiting: 0, blocked: null });
	});

	it('uploads in the order photos were added, and nothing overtakes a photo that is retried', async () => {
		const { library, clock, transport } = start();
		const first = await addPhotos(library, 'a', 'b', 'c');
		const later = await addPhotos(library, 'd');
		transport.script.push(fail(502, 'unknown'));
		await library.start();
		await library.idle();
		expect(transport.putOrder).toEqual([first[0]]);
		expect(library.status()).toMatchObject({ waiting: 4 });
		clock.advance(2000);
		await library.idle();
		expect(transport.putOrder).toEqual([first[0], ...first, ...later]);
	});

	it('a new library on the same database resumes the uploads an earlier session left (restart)', async () => {
		const workspace = freshWorkspace();
		const before = start(device(workspace));
		const hashes = await addPhotos(before.library, 'a', 'b', 'c');
		before.transport.script.push(hang);
		await before.library.start();
		await until(() => before.transport.puts.length === 1, 'first upload');
		// The tab is closed mid-upload.
		before.library.close();
		expect(before.transport.puts[0]!.signal.aborted).toBe(true);

		const after = start(
			device(workspace, { transport: new FakeTransport(before.clock), clock: before.clock })
		);
		await after.library.start();
		expect(after.library.isPending(hashes[0]!)).toBe(true);
		await after.library.idle();
		expect(after.transport.putOrder).toEqual(hashes);
		expect(after.library.status()).toMatchObject({ waiting: 0, failed: 0 });
	});

	it('after a 401 waits for a kick (a new token), however long', async () => {
		const { library, clock, transport } = start();
		const [hash] = await addPhotos(library, 'a');
		transport.script.push(fail(401, 'unauthorized'));
		await library.start();
		await library.idle();
		expect(library.status()).toMatchObject({ waiting: 1, blocked: 'unauthorized' });
		expect(clock.nextTimerAt).toBeUndefined();
		clock.advance(24 * 3600_000);
		await library.idle();
		expect(transport.puts).toHaveLength(1);
		library.kick();
		await library.idle();
		expect(transport.putOrder).toEqual([hash, hash]);
		expect(library.status()).toMatchObject({ waiting: 0, blocked: null });
	});

	it.each([
		[413, 'photo_too_large'],
		[415, 'not_image'],
		[422, 'hash_mismatch'],
		[403, 'wrong_workspace'],
		[400, 'invalid_hash']
	])(
		'keeps a photo refused for good (%i %s) as failed, lets the next go, and retries it only on retry()',
		async (status, code) => {
			const { library, clock, transport } = start();
			const [refused, next] = await addPhotos(library, 'a', 'b');
			transport.script.push(fail(status, code));
			await library.start();
			await library.idle();
			expect(transport.putOrder).toEqual([refused, next]);
			expect(library.status()).toMatchObject({ waiting: 0, failed: 1, blocked: null });
			expect(library.isPending(refused!)).toBe(true);
			expect(library.pending()).toEqual([
				expect.objectContaining({ hash: refused, state: 'failed', lastError: code, attempts: 1 })
			]);
			clock.advance(7 * 24 * 3600_000);
			library.kick();
			await library.idle();
			expect(transport.puts).toHaveLength(2);
			// Kept, never deleted: the photo is still on the device.
			expect(await library.get(refused!, 'full')).toMatchObject({ kind: 'ready' });

			await library.retry(refused!);
			await library.idle();
			expect(transport.putOrder).toEqual([refused, next, refused]);
			expect(library.status()).toMatchObject({ failed: 0, waiting: 0 });
			expect(library.isPending(refused!)).toBe(false);
		}
	);

	it('stop() aborts the upload in flight without counting it, and start() resumes', async () => {
		const { library, transport } = start();
		const [hash] = await addPhotos(library, 'a');
		transport.script.push(hang);
		const seen: unknown[] = [];
		library.subscribe((status) => seen.push(status));
		await library.start();
		await until(() => library.status().uploading === 1, 'uploading');
		const { current } = library.status();
		expect(current).toEqual({
			hash,
			sent: expect.any(Number) as number,
			total: expect.any(Number) as number
		});
		expect(current!.sent).toBeGreaterThan(0);
		expect(current!.sent).toBeLessThan(current!.total);
		expect(library.status()).toMatchObject({ waiting: 0, uploading: 1 });

		library.stop();
		expect(transport.puts[0]!.signal.aborted).toBe(true);
		expect(library.status()).toMatchObject({ waiting: 1, uploading: 0 });
		expect(library.status().current).toBeUndefined();
		await new Promise((resolve) => setTimeout(resolve, 20));
		expect(library.pending()[0]).toMatchObject({ attempts: 0, lastError: null, state: 'waiting' });

		await library.start();
		await library.idle();
		expect(transport.putOrder).toEqual([hash, hash]);
		expect(library.status()).toMatchObject({ waiting: 0, uploading: 0 });
		expect(seen.length).toBeGreaterThan(3);
	});

	it('asks the server first about imported photos, and uploads only the ones it lacks', async () => {
		const source = start();
		const hashes = await addPhotos(source.library, 'a', 'b');
		const photos = await source.library.exportPhotos();
		const { library, transport } = start();
		transport.stored.set(hashes[0]!, new Blob(['already there']));
		expect(await library.importPhotos(photos)).toEqual({ added: 2, refused: 0 });
		await library.start();
		await library.idle();
		expect(transport.heads).toEqual(hashes);
		expect(transport.putOrder).toEqual([hashes[1]]);
		expect(library.status()).toMatchObject({ waiting: 0, failed: 0 });
	});
});
