import { expect, type Locator, type Page } from '@playwright/test';

/** A phone, for the contexts of inspectors in the field. */
export const PHONE = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true,
	userAgent:
		'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
};

export interface PhotoFile {
	name: string;
	mimeType: string;
	buffer: Buffer;
}

/**
 * A JPEG the size of a phone camera's, drawn in the page (a gradient with grain, so it compresses
 * like a photograph rather than like a flat colour). With `exif`, an EXIF block says the camera was
 * turned (orientation 6: shown rotated 90°) and where it was (a GPS block), as phones write them.
 */
export async function cameraPhoto(
	page: Page,
	options: { width: number; height: number; seed: number; exif?: boolean }
): Promise<PhotoFile> {
	const base64 = await page.evaluate(async ({ width, height, seed }) => {
		const canvas = new OffscreenCanvas(width, height);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('no 2d context');
		const gradient = context.createLinearGradient(0, 0, width, height);
		gradient.addColorStop(0, `hsl(${(seed * 67) % 360} 60% 55%)`);
		gradient.addColorStop(1, `hsl(${(seed * 67 + 140) % 360} 50% 35%)`);
		context.fillStyle = gradient;
		context.fillRect(0, 0, width, height);
		const image = context.getImageData(0, 0, width, height);
		let state = seed * 2654435761;
		for (let i = 0; i < image.data.length; i += 4) {
			state = (state * 1103515245 + 12345) >>> 0;
			const grain = (state >>> 24) % 24;
			image.data[i] = Math.min(255, image.data[i]! + grain);
			image.data[i + 1] = Math.min(255, image.data[i + 1]! + grain);
			image.data[i + 2] = Math.min(255, image.data[i + 2]! + grain);
		}
		context.putImageData(image, 0, 0);
		context.fillStyle = '#fff';
		context.font = `${Math.round(height / 8)}px sans-serif`;
		context.fillText(`#${seed}`, width / 10, height / 2);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
		const bytes = new Uint8Array(await blob.arrayBuffer());
		let binary = '';
		for (let i = 0; i < bytes.length; i += 0x8000)
			binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
		return btoa(binary);
	}, options);
	let buffer: Buffer = Buffer.from(base64, 'base64');
	if (options.exif) buffer = withExif(buffer);
	return { name: `IMG_${options.seed}.jpg`, mimeType: 'image/jpeg', buffer };
}

/** Inserts an APP1 EXIF segment (orientation 6, a GPS latitude) after the JPEG's SOI marker. */
function withExif(jpeg: Buffer): Buffer {
	// TIFF, big-endian: IFD0 at 8 with Orientation = 6 and a GPS IFD pointer; the GPS IFD holds
	// GPSLatitudeRef = "N". Enough for a decoder to rotate and for a leak to be visible.
	const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 12 + 4);
	tiff.write('MM', 0, 'latin1');
	tiff.writeUInt16BE(42, 2);
	tiff.writeUInt32BE(8, 4);
	let at = 8;
	tiff.writeUInt16BE(2, at);
	at += 2;
	// Orientation (0x0112), SHORT, 1 value: 6.
	tiff.writeUInt16BE(0x0112, at);
	tiff.writeUInt16BE(3, at + 2);
	tiff.writeUInt32BE(1, at + 4);
	tiff.writeUInt16BE(6, at + 8);
	at += 12;
	// GPSInfo (0x8825), LONG, 1 value: the GPS IFD's offset.
	const gpsOffset = 8 + 2 + 2 * 12 + 4;
	tiff.writeUInt16BE(0x8825, at);
	tiff.writeUInt16BE(4, at + 2);
	tiff.writeUInt32BE(1, at + 4);
	tiff.writeUInt32BE(gpsOffset, at + 8);
	at += 12;
	tiff.writeUInt32BE(0, at);
	at += 4;
	tiff.writeUInt16BE(1, at);
	at += 2;
	// GPSLatitudeRef (1), ASCII, 2 bytes: "N\0".
	tiff.writeUInt16BE(1, at);
	tiff.writeUInt16BE(2, at + 2);
	tiff.writeUInt32BE(2, at + 4);
	tiff.write('N', at + 8, 'latin1');
	at += 12;
	tiff.writeUInt32BE(0, at);
	const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
	const header = Buffer.alloc(4);
	header.writeUInt16BE(0xffe1, 0);
	header.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** A JPEG's width and height, from its first SOF segment. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } {
	let at = 2;
	while (at + 9 < jpeg.length) {
		if (jpeg[at] !== 0xff) throw new Error(`not a JPEG segment at ${at}`);
		const marker = jpeg[at + 1]!;
		const length = jpeg.readUInt16BE(at + 2);
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
			return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
		at += 2 + length;
	}
	throw new Error('no SOF segment');
}

/** The photos of one checklist item on the round page. */
export class ItemPhotos {
	constructor(
		readonly page: Page,
		readonly item: Locator
	) {}

	thumbs(): Locator {
		return this.item.getByTestId('photo-thumb');
	}

	/** Adds photos the way the gallery button does (the file chooser's input). */
	async add(...files: PhotoFile[]): Promise<void> {
		const before = await this.thumbs().count();
		await this.item.getByTestId('photo-input').setInputFiles(files);
		await expect(this.thumbs()).toHaveCount(before + files.length);
	}

	/** Every thumbnail shows its image (from this device or fetched from the server). */
	async expectShown(count: number, timeout?: number): Promise<void> {
		await expect(this.thumbs()).toHaveCount(count, { timeout });
		for (let i = 0; i < count; i++)
			await expect(this.thumbs().nth(i)).toHaveAttribute('data-state', 'ready', { timeout });
	}

	async hashes(): Promise<string[]> {
		return this.thumbs().evaluateAll((thumbs) =>
			thumbs.map((thumb) => thumb.getAttribute('data-hash') ?? '')
		);
	}
}

/**
 * The badge's count of photos waiting to upload (0 when it shows none). Read in one step: the
 * badge leaves the page when the last upload ends, and a locator's `getAttribute` would then wait
 * for it to come back.
 */
export async function waitingPhotos(page: Page): Promise<number> {
	return page
		.getByTestId('sync-photos')
		.evaluateAll((badges) => Number(badges[0]?.getAttribute('data-waiting') ?? 0));
}
