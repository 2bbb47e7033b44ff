import type { ModelRecord } from './errors.ts';
import type { Actor } from './origin.ts';

/**
 * Helpers for readers. A document is written by other devices, older app versions and, at worst,
 * a hostile member, so a reader must never throw on a value of the wrong shape: it reads what it
 * can, skips the rest and says what it skipped. (`String(x)` and `Number(x)` are not enough: a
 * stored object such as `{ toString: 1 }` makes both throw.)
 */

/** A part of a document a reader skipped or read as a default because it had the wrong shape. */
export interface ReadProblem {
	/** The kind of record the part belongs to. */
	record: ModelRecord;
	/** The record's id (the document's own id for a header). */
	id: string;
	/** The field that was wrong; absent when the whole record was skipped. */
	field?: string;
}

/** Where readers put what they skipped; pass an array to collect, or nothing to ignore it. */
export type ProblemSink = ReadProblem[] | undefined;

export function report(sink: ProblemSink, problem: ReadProblem): void {
	sink?.push(problem);
}

/** `value` if it is a string, else `fallback`. */
export function text(value: unknown, fallback = ''): string {
	return typeof value === 'string' ? value : fallback;
}

/** `value` if it is a finite number, else `fallback`. */
export function num(value: unknown, fallback = 0): number {
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** A stored `{ id, name }`, with '' for whatever is missing or not a string. */
export function actor(value: unknown): Actor {
	const r = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
	return { id: text(r.id), name: text(r.name) };
}

export const isString = (value: unknown): value is string => typeof value === 'string';
