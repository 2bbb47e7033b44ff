import { PhotoError } from './errors.ts';

/** A photo as the device stores and uploads it. */
export interface PreparedPhoto {
	/** SHA-256 of `blob`'s bytes, 64 lowercase hex digits: the name Yjs documents refer to it by. */
	hash: string;
	blob: Blob;
	thumb: Blob;
	type: 'image/jpeg';
	/** `blob.size`. */
	bytes: number;
	width: number;
	height: number;
}

/** A decoded image, already turned upright (EXIF orientation applied). */
export interface DecodedImage {
	readonly width: number;
	readonly height: number;
	/** Frees the decoded pixels (an `ImageBitmap` holds megabytes until closed). */
	close(): void;
}

/** Decoding and JPEG encoding, injected so node tests can run everything around them. */
export interface ImageCodec<I extends DecodedImage = DecodedImage> {
	/** Rejects when the file is not an image the platform can decode. */
	decode(file: Blob): Promise<I>;
	/** `image` scaled to `width` × `height`, as a JPEG of `quality` (0–1). */
	encodeJpeg(image: I, width: number, height: number, quality: number): Promise<Blob>;
}

export interface ProcessOptions {
	/** Default: the browser's (createImageBitmap, OffscreenCanvas or a canvas). */
	codec?: ImageCodec;
	/** Longest side of the stored photo, in pixels. Default 1600: a hazard is legible, a photo ~300 KB. */
	maxSide?: number;
	/** Longest side of the thumbnail. Default 320: sharp in a list on a 2× phone screen. */
	thumbSide?: number;
	/** JPEG quality of the stored photo. Default 0.8. */
	quality?: number;
	/** JPEG quality of the thumbnail. Default 0.7. */
	thumbQuality?: number;
}

/** Turns photos into what is stored and uploaded; PhotoLibrary takes one (tests give a fake). */
export interface PhotoProcessor {
	prepare(file: Blob): Promise<PreparedPhoto>;
	/** A thumbnail of a stored photo (one fetched from the server comes without), and its size. */
	thumbnail(blob: Blob): Promise<Thumbnail>;
}

/**
 * Prepares a picked or captured photo: upright, at most `maxSide` pixels on its longest side (never
 * enlarged), re-encoded as JPEG, plus a thumbnail. Re-encoding from pixels is also what drops every
 * EXIF field, the GPS position included, so no stored or uploaded photo says where it was taken.
 * Throws PhotoError `photo_unreadable` when the file cannot be decoded.
 */
export async function preparePhoto(file: Blob, options: ProcessOptions = {}): Promise<PreparedPhoto> {
	const codec = options.codec ?? browserCodec();
	const image = await decode(codec, file);
	try {
		const full = fitWithin(image.width, image.height, options.maxSide ?? 1600);
		const small = fitWithin(image.width, image.height, options.thumbSide ?? 320);
		const blob = await codec.encodeJpeg(image, full.width, full.height, options.quality ?? 0.8);
		const thumb = await codec.encodeJpeg(image, small.width, small.height, options.thumbQuality ?? 0.7);
		return {
			hash: await sha256Hex(blob),
			blob,
			thumb,
			type: 'image/jpeg',
			bytes: blob.size,
			width: full.width,
			height: full.height
		};
	} finally {
		image.close();
	}
}

export interface Thumbnail {
	thumb: Blob;
	/** Of the photo it was made from. */
	width: number;
	height: number;
}

/** A thumbnail of an already prepared photo (e.g. one fetched from the server). */
export async function makeThumbnail(blob: Blob, options: ProcessOptions = {}): Promise<Thumbnail> {
	const codec = options.codec ?? browserCodec();
	const image = await decode(codec, blob);
	try {
		const small = fitWithin(image.width, image.height, options.thumbSide ?? 320);
		const thumb = await codec.encodeJpeg(image, small.width, small.height, options.thumbQuality ?? 0.7);
		return { thumb, width: image.width, height: image.height };
	} finally {
		image.close();
	}
}

export function photoProcessor(options: ProcessOptions = {}): PhotoProcessor {
	return {
		prepare: (file) => preparePhoto(file, options),
		thumbnail: (blob) => makeThumbnail(blob, options)
	};
}

async function decode<I extends DecodedImage>(codec: ImageCodec<I>, file: Blob): Promise<I> {
	let image: I;
	try {
		image = await codec.decode(file);
	} catch (error) {
		throw new PhotoError('photo_unreadable', 'the file is not an image this device can read', {
			cause: error
		});
	}
	if (!(image.width > 0 && image.height > 0)) {
		image.close();
		throw new PhotoError('photo_unreadable', 'the image has no pixels');
	}
	return image;
}

/** The size that fits `width` × `height` within `maxSide` on its longest side, never enlarged. */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
	const scale = Math.min(1, maxSide / Math.max(width, height));
	return {
		width: Math.max(1, Math.round(width * scale)),
		height: Math.max(1, Math.round(height * scale))
	};
}

/** SHA-256 of the bytes as 64 lowercase hex digits (the content hash of src/lib/model/photos.ts). */
export async function sha256Hex(data: Blob | Uint8Array): Promise<string> {
	// A copy of bytes that may sit in a shared buffer: digest takes only a plain ArrayBuffer.
	const bytes = data instanceof Uint8Array ? data.slice() : new Uint8Array(await data.arrayBuffer());
	const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
	return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The browser's codec. `imageOrientation: 'from-image'` applies the EXIF orientation while
 * decoding, so a phone photo taken upright stays upright once its EXIF is gone. Encoding uses an
 * OffscreenCanvas where the browser has one with a 2D context (Safari from 16.4), else a canvas
 * element. The background is filled white first: JPEG has no transparency, and a transparent
 * PNG or screenshot would otherwise turn black.
 */
export function browserCodec(): ImageCodec<ImageBitmap> {
	return {
		decode: (file) => createImageBitmap(file, { imageOrientation: 'from-image' }),
		async encodeJpeg(image, width, height, quality) {
			if (typeof OffscreenCanvas !== 'undefined') {
				const canvas = new OffscreenCanvas(width, height);
				const context = canvas.getContext('2d');
				if (context) {
					draw(context, image, width, height);
					return canvas.convertToBlob({ type: 'image/jpeg', quality });
				}
			}
			const canvas = document.createElement('canvas');
			canvas.width = width;
			canvas.height = height;
			const context = canvas.getContext('2d');
			if (!context) throw new PhotoError('photo_unreadable', 'no 2D canvas to encode with');
			draw(context, image, width, height);
			return new Promise<Blob>((resolve, reject) =>
				canvas.toBlob(
					(blob) =>
						blob ? resolve(blob) : reject(new PhotoError('photo_unreadable', 'the canvas made no JPEG')),
					'image/jpeg',
					quality
				)
			);
		}
	};
}

function draw(
	context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D,
	image: ImageBitmap,
	width: number,
	height: number
): void {
	context.fillStyle = '#fff';
	context.fillRect(0, 0, width, height);
	context.imageSmoothingEnabled = true;
	context.imageSmoothingQuality = 'high';
	context.drawImage(image, 0, 0, width, height);
}
