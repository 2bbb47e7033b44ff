/**
 * Codes of everything that can go wrong with a photo, for the UI to put into words
 * (`error.photo.<code>`): the device's own refusals and the server's (sync-server's blob routes).
 * A code the server sends that is not listed here is kept as it came (a newer server) and
 * described generically.
 */
export const PHOTO_ERROR_CODES = [
	/** The file is not an image this browser can decode (e.g. HEIC on desktop Chrome). */
	'photo_unreadable',
	/** The server's bytes do not hash to the name they were asked by (never stored). */
	'photo_corrupt',
	/** No answer: the device is offline or the server unreachable. */
	'network',
	/** An answer without a code. */
	'unknown',
	// The server's codes (PUT/GET /api/blobs/<workspace>/<hash>).
	'unauthorized',
	'forbidden',
	'wrong_workspace',
	'invalid_hash',
	'hash_mismatch',
	'not_image',
	'photo_too_large',
	'photo_quota_exceeded',
	'photo_not_found'
] as const;

export type PhotoErrorCode = (typeof PHOTO_ERROR_CODES)[number];

/** A photo could not be prepared or read on this device. `message` is English, for logs. */
export class PhotoError extends Error {
	constructor(
		readonly code: PhotoErrorCode,
		message: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'PhotoError';
	}
}

/**
 * A blob request the server refused, or that never got an answer (`status` 0, code `network`).
 * `retryable`: the same request may succeed later unchanged (no answer, 408, 429, 5xx); the
 * queue treats 401 (a new token is needed) and 507 (the workspace is full) on their own.
 */
export class BlobTransportError extends Error {
	readonly retryable: boolean;

	constructor(
		readonly status: number,
		readonly code: string,
		message = `blob request failed: ${status} ${code}`,
		/** From a `Retry-After` header, when the server sent one. */
		readonly retryAfterMs?: number
	) {
		super(message);
		this.name = 'BlobTransportError';
		this.retryable = isRetryableStatus(status);
	}

	/** No answer at all: the device is offline (or the server is down). */
	get offline(): boolean {
		return this.status === 0;
	}
}

export function isRetryableStatus(status: number): boolean {
	return status === 0 || status === 408 || status === 429 || status >= 500;
}

/** What `fetch` rejects with, and what the XHR transport rejects with, when a signal aborts. */
export function abortError(): DOMException {
	return new DOMException('the upload was stopped', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
	return error instanceof Error && error.name === 'AbortError';
}
