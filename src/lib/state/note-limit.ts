import { NOTE_MAX } from '../model/inspection.ts';

export { NOTE_MAX };

/** The counter appears this close to the limit, so the limit is never a surprise. */
export const NOTE_COUNTER_FROM = NOTE_MAX - 200;

export interface NoteLimit {
	length: number;
	max: number;
	/** Characters beyond the limit; 0 when within it. */
	over: number;
	/** Whether to show the `length/max` counter. */
	counter: boolean;
}

/** Where a note of `length` UTF-16 units (as `maxlength` and the model count) stands against the limit. */
export function noteLimit(length: number): NoteLimit {
	return {
		length,
		max: NOTE_MAX,
		over: Math.max(0, length - NOTE_MAX),
		counter: length >= NOTE_COUNTER_FROM
	};
}

/**
 * The field's text after pasting `pasted` over the selection. A native `maxlength` would cut an
 * over-long paste silently; the field computes the whole text instead, keeps it, and says what to do.
 */
export function pasteResult(value: string, start: number, end: number, pasted: string): string {
	return value.slice(0, start) + pasted + value.slice(end);
}
