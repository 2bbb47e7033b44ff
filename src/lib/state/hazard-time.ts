import { chinaDate, chinaDateTime } from '../model/time.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whole days past a deadline (YYYY-MM-DD, met on that whole China calendar day): 1 on the day
 * after it, for "已逾期 1 天". 0 when not past it. Callers ask only for overdue entries (isOverdue).
 */
export function overdueDays(deadline: string, now: number): number {
	const today = Date.parse(`${chinaDate(now)}T00:00:00Z`);
	const due = Date.parse(`${deadline}T00:00:00Z`);
	if (!Number.isFinite(today) || !Number.isFinite(due)) return 0;
	return Math.max(0, Math.round((today - due) / DAY_MS));
}

/** A span as whole hours and the minutes left over, rounded up to the minute (a countdown never shows 0 early). */
export function hoursAndMinutes(ms: number): { hours: number; minutes: number } {
	const minutes = Math.ceil(Math.abs(ms) / 60_000);
	return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** A time as a `datetime-local` input holds it, in China time (the school's clock, whatever the device's). */
export function toDateTimeInput(at: number): string {
	return chinaDateTime(at).replace(' ', 'T');
}

/** A `datetime-local` value read as China time; NaN for an empty or broken value (the model refuses it). */
export function fromDateTimeInput(value: string): number {
	return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? Date.parse(`${value}:00+08:00`) : NaN;
}
