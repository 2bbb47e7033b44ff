import { describe, expect, it } from 'vitest';
import { photoType } from '../../src/lib/api/photo-type.ts';
import { ROLES, canUploadPhotos } from '../../src/lib/model/permissions.ts';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
	new Uint8Array(
		parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part))
	);

/** An ISO-BMFF `ftyp` box: size, `ftyp`, major brand, minor version, compatible brands. */
const ftyp = (major: string, ...compatible: string[]) =>
	bytes([0, 0, 0, 16 + 4 * compatible.length], 'ftyp', major, [0, 0, 0, 0], compatible.join(''), 'rest');

describe('photoType', () => {
	it('tells the accepted image types by their first bytes', () => {
		expect(photoType(bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'))).toBe('image/jpeg');
		expect(photoType(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'))).toBe('image/png');
		expect(photoType(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '))).toBe('image/webp');
		expect(photoType(bytes('GIF87a', [1]))).toBe('image/gif');
		expect(photoType(bytes('GIF89a', [1]))).toBe('image/gif');
		expect(photoType(ftyp('avif', 'mif1', 'miaf'))).toBe('image/avif');
		expect(photoType(ftyp('avis', 'avif'))).toBe('image/avif');
		expect(photoType(ftyp('mif1', 'miaf', 'avif'))).toBe('image/avif');
	});

	it('refuses everything else: HEIC, other files, truncated headers, forged box sizes', () => {
		for (const refused of [
			ftyp('heic', 'mif1', 'heic'),
			ftyp('heix', 'mif1'),
			ftyp('mif1', 'heic'),
			ftyp('isom', 'mp41'), // an MP4 video
			bytes([0, 0, 0xff, 0xff], 'ftypmif1', [0, 0, 0, 0], 'heic'), // a size past the end
			bytes('%PDF-1.7'),
			bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'),
			bytes('RIFF', [0, 0, 0, 0], 'WAVE'),
			bytes('GIF88a'),
			bytes([0xff, 0xd8]),
			bytes([0x89], 'PNG'),
			new Uint8Array()
		]) {
			expect(photoType(refused)).toBeNull();
		}
	});

	it('reads a byte view inside a larger buffer from its own start', () => {
		const buffer = bytes('junk', [0xff, 0xd8, 0xff, 0xdb]);
		expect(photoType(buffer.subarray(4))).toBe('image/jpeg');
		const avif = ftyp('mif1', 'avif');
		const shifted = new Uint8Array(avif.length + 3);
		shifted.set(avif, 3);
		expect(photoType(shifted.subarray(3))).toBe('image/avif');
	});
});

describe('canUploadPhotos', () => {
	it('is every role that writes some document: all but the viewer', () => {
		expect(ROLES.filter(canUploadPhotos)).toEqual(['leader', 'office', 'dept', 'inspector']);
	});
});
