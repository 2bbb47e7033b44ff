/**
 * The image types the server stores as photos, told apart by their first bytes (never by a
 * Content-Type header, which the sender chooses). Only raster formats every browser the school
 * uses can show: a photo is evidence, and one that a colleague's phone cannot open is no use.
 * HEIC/HEIF (an iPhone's camera format) is refused for that reason (Chrome and Firefox cannot
 * show it): the client is to re-encode photos before uploading. SVG (a document that can hold
 * scripts) is never an image here.
 */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

const ascii = (bytes: Uint8Array, from: number, to: number): string =>
	String.fromCharCode(...bytes.subarray(from, to));

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
	bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_FTYP_BYTES = 256;

/**
 * AVIF is an ISO-BMFF file whose first box is `ftyp`: its major brand (bytes 8–12) is `avif` or
 * `avis`, or a generic HEIF brand (`mif1`, `msf1`) with `avif`/`avis` among the compatible brands
 * that follow the minor version (bytes 16 to the box's end). Other brands (`heic`, `heix` …) are HEIC.
 */
function isAvif(bytes: Uint8Array): boolean {
	if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false;
	const boxSize = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
	const brands = [ascii(bytes, 8, 12)];
	// A real ftyp box lists a handful of brands; a forged size must not make this loop long.
	const end = Math.min(boxSize, bytes.length, MAX_FTYP_BYTES);
	for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
	const avif = (brand: string | undefined) => brand === 'avif' || brand === 'avis';
	return avif(brands[0]) || (['mif1', 'msf1'].includes(brands[0] ?? '') && brands.some(avif));
}

/** The photo type of `bytes` by their magic bytes, or null for anything else. */
export function photoType(bytes: Uint8Array): PhotoType | null {
	if (startsWith(bytes, JPEG)) return 'image/jpeg';
	if (startsWith(bytes, PNG)) return 'image/png';
	if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP')
		return 'image/webp';
	if (bytes.length >= 6 && ['GIF87a', 'GIF89a'].includes(ascii(bytes, 0, 6))) return 'image/gif';
	if (isAvif(bytes)) return 'image/avif';
	return null;
}
