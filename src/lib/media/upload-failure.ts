import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { BlobTransportError } from './errors.ts';
import type { UploadRow } from './photo-db.ts';

/**
 * Why photos that are due do not go: `offline` (no answer), `server` (5xx, 408, 429: backing off),
 * `unauthorized` (401: until the app has a new token and kicks), `quota` (507: the workspace's
 * photo space is full; retried slowly).
 */
export type QueueBlock = 'offline' | 'server' | 'unauthorized' | 'quota';

export interface RetryPolicy {
	backoff?: BackoffOptions;
	/** Wait after a 507. Default 15 min. */
	quotaRetryMs?: number;
	/** For the jitter, in [0, 1). */
	random: () => number;
}

/** What a failed attempt changes: the photo's queue row, and what now blocks the queue. */
export interface FailureOutcome {
	change: Partial<UploadRow>;
	blocked: QueueBlock | null;
}

/**
 * Sorts a failed upload by what would fix it: time (no answer, 5xx, 408, 429, anything not from
 * the server such as a bug: retried with a doubling wait, at least what Retry-After asks), a
 * new token (401: no timer at all), free space on the server (507: retried slowly), or nothing
 * (any other refusal is about the photo itself: 413, 415, 422, 400, 403 → `failed` for good).
 */
export function afterFailure(
	error: unknown,
	row: UploadRow,
	now: number,
	policy: RetryPolicy
): FailureOutcome {
	const fromServer = error instanceof BlobTransportError;
	const failure = fromServer ? error : new BlobTransportError(0, 'unknown', String(error));
	if (failure.status === 401) return { change: { lastError: failure.code }, blocked: 'unauthorized' };
	const attempts = row.attempts + 1;
	const quota = failure.status === 507;
	if (!quota && !failure.retryable) {
		// The server answered, so nothing blocks the next photo.
		return { change: { attempts, state: 'failed', lastError: failure.code }, blocked: null };
	}
	const quotaMs = policy.quotaRetryMs ?? 15 * 60_000;
	const wait = quota
		? backoffDelay(1, policy.random, { ...policy.backoff, baseMs: quotaMs, maxMs: quotaMs })
		: backoffDelay(attempts, policy.random, policy.backoff);
	return {
		change: {
			attempts,
			nextAttemptAt: now + Math.max(wait, failure.retryAfterMs ?? 0),
			lastError: failure.code
		},
		blocked: quota ? 'quota' : failure.offline && fromServer ? 'offline' : 'server'
	};
}
