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
