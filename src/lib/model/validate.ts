/** Input checks shared by the typed operations. They throw plain Errors the UI can show. */

/** Trims and checks a required string: non-empty after trim and at most `max` characters. */
export function requireText(value: unknown, field: string, max: number): string {
	if (typeof value !== 'string') throw new Error(`${field} must be a string`);
	const trimmed = value.trim();
	if (trimmed.length === 0) throw new Error(`${field} must not be empty`);
	if (trimmed.length > max) throw new Error(`${field} must be at most ${max} characters`);
	return trimmed;
}

/** Like `requireText`, but an empty or missing value is allowed and returned as ''. */
export function optionalText(value: unknown, field: string, max: number): string {
	if (value === undefined || value === null || value === '') return '';
	if (typeof value !== 'string') throw new Error(`${field} must be a string`);
	const trimmed = value.trim();
	if (trimmed.length > max) throw new Error(`${field} must be at most ${max} characters`);
	return trimmed;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` with a real month. */
export function isMonth(value: unknown): value is string {
	return typeof value === 'string' && MONTH.test(value);
}

export function requireMonth(value: unknown, field = 'month'): string {
	if (!isMonth(value)) throw new Error(`${field} must be YYYY-MM, got ${String(value)}`);
	return value;
}

/** `YYYY-MM-DD` that is a real calendar date. */
export function isIsoDate(value: unknown): value is string {
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		throw new Error(`${field} must be one of ${allowed.join(', ')}, got ${String(value)}`);
	}
	return value as T;
}

/** An integer in [min, max]. */
export function requireInt(value: unknown, field: string, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new Error(`${field} must be an integer from ${min} to ${max}, got ${String(value)}`);
	}
	return value;
}

/** A millisecond timestamp (finite, non-negative). */
export function requireTimestamp(value: unknown, field: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new Error(`${field} must be a timestamp in milliseconds, got ${String(value)}`);
	}
	return value;
}

const ID = /^[A-Za-z0-9_.:~-]{1,100}$/;

/** Record ids: random UUIDs in practice, readable slugs for seeded records. */
export function requireId(value: unknown, field: string): string {
	if (typeof value !== 'string' || !ID.test(value)) throw new Error(`${field} is not a valid id`);
	return value;
}

export function newId(): string {
	return crypto.randomUUID();
}

/** An acting member: non-empty id, and a name (may be empty before the profile is filled in). */
export function requireActor(actor: { id: string; name: string }): { id: string; name: string } {
	if (typeof actor?.id !== 'string' || actor.id.length === 0) throw new Error('actor id is required');
	if (typeof actor.name !== 'string') throw new Error('actor name must be a string');
	return { id: actor.id, name: actor.name };
}
