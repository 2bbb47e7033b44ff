import { ApiError, isApiErrorCode } from '../api/error.ts';
import { ModelError } from '../model/errors.ts';
import { CloseCode } from '../sync/wire.ts';
import type { MessageKey } from './messages.ts';

/** `t` from i18n.svelte.ts, passed in so this stays plain TypeScript (and testable without runes). */
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * One sentence, in the interface language, for anything a component caught: what went wrong and
 * what to do next. Model errors and API errors are described by their code; a full device by
 * `error.quota`; anything else by a generic sentence, never its raw (English) text, which goes
 * to the console for developers instead.
 */
export function describeError(error: unknown, t: Translate): string {
	if (error instanceof ModelError) return describeModelError(error, t);
	if (error instanceof ApiError) {
		if (isApiErrorCode(error.code)) return t(`error.api.${error.code}`);
		// A code from a newer server: the person gets a generic sentence, developers the code.
		console.error(error);
		return t('error.api.unknown');
	}
	if (isQuotaError(error)) return t('error.quota');
	console.error(error);
	return t('error.unknown');
}

function describeModelError(error: ModelError, t: Translate): string {
	const { field, record, min, max } = error.params;
	return t(`error.model.${error.code}`, {
		field: t(field === undefined ? 'field.value' : `field.${field}`),
		record: record === undefined ? '' : t(`record.${record}`),
		min: min ?? '',
		max: max ?? ''
	});
}

/**
 * Storage full: a `QuotaExceededError` DOMException from IndexedDB or localStorage, also when
 * wrapped (Dexie keeps the original in `inner`, others in `cause`), and Firefox's older name.
 */
function isQuotaError(error: unknown, depth = 0): boolean {
	if (typeof error !== 'object' || error === null || depth > 3) return false;
	const { name, inner, cause } = error as { name?: unknown; inner?: unknown; cause?: unknown };
	if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return true;
	return isQuotaError(inner, depth + 1) || isQuotaError(cause, depth + 1);
}

/**
 * Close codes by which the server refuses a document's updates, with their sentence. The auth
 * codes (4401, 4403) are session problems (session.svelte.ts); transport codes are retried.
 */
export const SYNC_REFUSAL_MESSAGES = {
	[CloseCode.invalidShape]: 'error.sync.invalidShape',
	[CloseCode.documentTooLarge]: 'error.sync.documentTooLarge',
	[CloseCode.workspaceFull]: 'error.sync.workspaceFull',
	[CloseCode.roundLocked]: 'error.sync.roundLocked',
	[CloseCode.notPermitted]: 'error.sync.notPermitted',
	[CloseCode.roundNotIndexed]: 'error.sync.roundNotIndexed',
	[CloseCode.tooManySockets]: 'error.sync.tooManySockets',
	[CloseCode.slowReader]: 'error.sync.slowReader'
} as const satisfies Partial<Record<CloseCode, MessageKey>>;

/** A sentence for a close code the server refuses updates with, or null for any other code. */
export function describeClose(code: number, t: Translate): string | null {
	const key = (SYNC_REFUSAL_MESSAGES as Partial<Record<number, MessageKey>>)[code];
	return key === undefined ? null : t(key);
}
