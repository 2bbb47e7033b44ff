import { describe, expect, it } from 'vitest';
import { PhotoError } from '../../src/lib/media/errors.ts';
import { fitWithin, makeThumbnail, preparePhoto, sha256Hex } from '../../src/lib/media/process.ts';
import { fakeCodec, imageFile } from './media-helpers.ts';

// The browser's decoding and encoding run in Chromium (e2e); here, everything around them.

describe('photo processing', () => {
	it('fits the longest side within the limit and never enlarges', () => {
		expect(fitWithin(4032, 3024, 1600)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3024, 4032, 1600)).toEqual({ width: 1200, height: 1600 });
		expect(fitWithin(800, 600, 1600)).toEqual({ width: 800, height: 600 });
		expect(fitWithin(10_000, 10, 320)).toEqual({ width: 320, height: 1 });
	});

	it('hashes with SHA-256 as 64 lowercase hex digits', async () => {
		expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(await sha256Hex(new Blob(['abc']))).toBe(await sha256Hex(new TextEncoder().encode('abc')));
	});

	it('stores a JPEG of at most 1600 px and a 320 px thumbnail, named by the stored bytes', async () => {
		const closed: string[] = [];
		const photo = await preparePhoto(imageFile(4032, 3024, 'p'), { codec: fakeCodec(closed) });
		expect(photo).toMatchObject({ type: 'image/jpeg', width: 1600, height: 1200, bytes: photo.blob.size });
		expect(await photo.blob.text()).toBe('jpeg 1600x1200 q0.8 p');
		expect(await photo.thumb.text()).toBe('jpeg 320x240 q0.7 p');
		expect(photo.hash).toBe(await sha256Hex(photo.blob));
		expect(closed).toEqual(['p']);
	});

	it('refuses a file that does not decode, or decodes to nothing, with photo_unreadable', async () => {
		for (const file of [new Blob(['not an image']), imageFile(0, 0, 'empty')]) {
			const error = await preparePhoto(file, { codec: fakeCodec() }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(PhotoError);
			expect(error).toMatchObject({ code: 'photo_unreadable' });
		}
	});

	it('makes a thumbnail of a stored photo and reports its size', async () => {
		const thumbnail = await makeThumbnail(new Blob(['jpeg 1200x1600 q0.8 x']), { codec: fakeCodec() });
		expect(thumbnail.width).toBe(1200);
		expect(thumbnail.height).toBe(1600);
		expect(await thumbnail.thumb.text()).toBe('jpeg 240x320 q0.7 x');
	});
});
