import { ModelError, type ModelField } from './errors.ts';

/**
 * Input checks shared by the typed operations. They throw `ModelError`s whose code and field the UI
 * turns into a sentence in the reader's language; the English message is for logs.
 */

/** Trims and checks a required string: non-empty after trim and at most `max` characters. */
export function requireText(value: unknown, field: ModelField, max: number): string {
	if (typeof value !== 'string') throw new ModelError('not_text', `${field} must be a string`, { field });
	const trimmed = value.trim();
	if (trimmed.length === 0) throw new ModelError('required', `${field} must not be empty`, { field });
	return requireMax(trimmed, field, max);
}

/** Like `requireText`, but an empty or missing value is allowed and returned as ''. */
export function optionalText(value: unknown, field: ModelField, max: number): string {
	if (value === undefined || value === null || value === '') return '';
	if (typeof value !== 'string') throw new ModelError('not_text', `${field} must be a string`, { field });
	return requireMax(value.trim(), field, max);
}

/** `value` itself if it is at most `max` characters. */
export function requireMax(value: string, field: ModelField, max: number): string {
	if (value.length > max) {
		throw new ModelError('too_long', `${field} must be at most ${max} characters`, { field, max });
	}
	return value;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` with a real month. */
export function isMonth(value: unknown): value is string {
	return typeof value === 'string' && MONTH.test(value);
}

export function requireMonth(value: unknown, field: ModelField = 'month'): string {
	if (!isMonth(value)) {
		throw new ModelError('invalid_month', `${field} must be YYYY-MM, got ${String(value)}`, { field });
	}
	return value;
}

/** `YYYY-MM-DD` that is a real calendar date. */
export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function requireIsoDate(value: unknown, field: ModelField): string {
	if (!isIsoDate(value)) {
		throw new ModelError('invalid_date', `${field} must be YYYY-MM-DD, got ${String(value)}`, { field });
	}
	return value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: ModelField): T {
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		const message = `${field} must be one of ${allowed.join(', ')}, got ${String(value)}`;
		throw new ModelError('not_one_of', message, { field });
	}
	return value as T;
}

/** An integer in [min, max]. */
export function requireInt(value: unknown, field: ModelField, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		const message = `${field} must be an integer from ${min} to ${max}, got ${String(value)}`;
		throw new ModelError('invalid_int', message, { field, min, max });
	}
	return value;
}

/** A millisecond timestamp (finite, non-negative). */
export function requireTimestamp(value: unknown, field: ModelField): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		const message = `${field} must be a timestamp in milliseconds, got ${String(value)}`;
		throw new ModelError('invalid_time', message, { field });
	}
	return value;
}

const ID = /^[A-Za-z0-9_.:~-]{1,100}$/;

/** Record ids: random UUIDs in practice, readable slugs for seeded records. */
export function requireId(value: unknown, field: ModelField): string {
	if (typeof value !== 'string' || !ID.test(value)) {
		throw new ModelError('invalid_id', `${field} is not a valid id`, { field });
	}
	return value;
}

export function newId(): string {
	return crypto.randomUUID();
}

/** An acting member: non-empty id, and a name (may be empty before the profile is filled in). */
export function requireActor(actor: { id: string; name: string }): { id: string; name: string } {
	if (typeof actor?.id !== 'string' || actor.id.length === 0) {
		throw new ModelError('no_actor', 'actor id is required');
	}
	if (typeof actor.name !== 'string') throw new ModelError('no_actor', 'actor name must be a string');
	return { id: actor.id, name: actor.name };
}
