import type * as Y from 'yjs';
import { ModelError } from './errors.ts';

/**
 * Photos live outside Yjs (src/lib/media) and are referenced by the SHA-256 of their bytes as 64
 * lowercase hex digits. A record's photo list is a `Y.Array` of hashes, so concurrent additions form a
 * union; a hash may appear twice after a merge, which reads dedupe.
 */
const CONTENT_HASH = /^[0-9a-f]{64}$/;

export function isContentHash(value: unknown): value is string {
	return typeof value === 'string' && CONTENT_HASH.test(value);
}

export function requireContentHash(value: unknown): string {
	if (!isContentHash(value))
		throw new ModelError('invalid_photo', 'photo must be a SHA-256 content hash (64 hex digits)', {
			field: 'photo'
		});
	return value;
}

/** The photo hashes in first-added order, without duplicates. */
export function readPhotos(photos: Y.Array<string> | undefined): string[] {
	if (!photos) return [];
	return [...new Set(photos.toArray().filter(isContentHash))];
}

/** Appends `hash` unless present. Must run inside the caller's transaction. */
export function pushPhoto(photos: Y.Array<string>, hash: string): void {
	if (!photos.toArray().includes(hash)) photos.push([hash]);
}

/** Removes every copy of `hash` (a merge can leave two). Must run inside the caller's transaction. */
export function deletePhoto(photos: Y.Array<string>, hash: string): void {
	const items = photos.toArray();
	for (let i = items.length - 1; i >= 0; i--) if (items[i] === hash) photos.delete(i, 1);
}

/** What kind of device took a photo, for "待上传（黄春的手机）" on the devices still waiting for it. */
export const DEVICE_KINDS = ['phone', 'tablet', 'computer'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * Who added a photo, from what kind of device, and when: kept once per hash in the document's
 * `photoInfo` root (hash → PhotoInfo, first writer wins), beside the records' hash lists. Other
 * devices read it to say whose photo is still waiting to upload, and the model to let only its
 * author remove it.
 */
export interface PhotoInfo {
	by: string;
	byName: string;
	device: DeviceKind;
	at: number;
}

/** A photo as a record lists it: its hash and, when known, who added it. */
export interface PhotoRef {
	hash: string;
	info: PhotoInfo | null;
}

export const PHOTO_INFO = 'photoInfo';

export function isPhotoInfo(value: unknown): value is PhotoInfo {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return (
		typeof v.by === 'string' &&
		typeof v.byName === 'string' &&
		(DEVICE_KINDS as readonly unknown[]).includes(v.device) &&
		typeof v.at === 'number' &&
		Number.isFinite(v.at)
	);
}

function photoInfoMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(PHOTO_INFO);
}

/** Records who added `hash` unless already recorded. Must run inside the caller's transaction. */
export function recordPhotoInfo(doc: Y.Doc, hash: string, info: PhotoInfo): void {
	const map = photoInfoMap(doc);
	if (!isPhotoInfo(map.get(hash))) map.set(hash, { ...info });
}

export function readPhotoInfo(doc: Y.Doc, hash: string): PhotoInfo | null {
	const info = photoInfoMap(doc).get(hash);
	return isPhotoInfo(info) ? info : null;
}

/** A record's photos with who added each, in first-added order. */
export function readPhotoRefs(doc: Y.Doc, photos: Y.Array<string> | undefined): PhotoRef[] {
	return readPhotos(photos).map((hash) => ({ hash, info: readPhotoInfo(doc, hash) }));
}

/**
 * Whether `actorId` may take `photo` off a record: its author may; a photo whose author is not
 * recorded (added before authors were kept) may be removed by anyone who may edit the record.
 */
export function mayRemovePhoto(photo: PhotoRef, actorId: string): boolean {
	return photo.info === null || photo.info.by === actorId;
}

/** The device kind a user agent string describes (a guess is enough: it only labels a photo). */
export function deviceKindOf(userAgent: string): DeviceKind {
	if (/iPad|Tablet|(Android(?!.*Mobile))/i.test(userAgent)) return 'tablet';
	if (/Mobi|iPhone|Android|HarmonyOS/i.test(userAgent)) return 'phone';
	return 'computer';
}
