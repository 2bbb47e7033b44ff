import type { HazardView } from '../model/hazard-record.ts';
import { isOverdue } from '../model/hazard-status.ts';
import { chinaDate } from '../model/time.ts';

/** What the ledger's rows and counts show beyond the views themselves: plain functions of `now`. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days past the deadline (已逾期 N 天), counted on the China calendar; 0 when not overdue. */
export function overdueDays(hazard: Pick<HazardView, 'deadline' | 'state'>, now: number): number {
	if (!isOverdue(hazard, now) || hazard.deadline === null) return 0;
	const today = Date.parse(`${chinaDate(now)}T00:00:00Z`);
	const deadline = Date.parse(`${hazard.deadline}T00:00:00Z`);
	return Math.max(1, Math.round((today - deadline) / DAY_MS));
}

/** Hours and minutes of a duration, rounded up to the minute (a countdown never shows 0 too early). */
export function hoursMinutes(ms: number): { hours: number; minutes: number } {
	const minutes = Math.ceil(Math.abs(ms) / 60_000);
	return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}
