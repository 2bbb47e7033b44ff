import type { HazardView } from '../model/hazard-record.ts';
import { isOverdue, isReportOwed, reportDueAt } from '../model/hazard-status.ts';
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

export interface ReportsOwed {
	/** 重大 hazards whose report to the bureau is still owed (closed or not, as hazard-status.ts). */
	count: number;
	/** The one due soonest (or longest overdue), or null. */
	nearest: HazardView | null;
	/** Time left until its 24 hours end; negative once past. */
	remainingMs: number;
}

/** The 重大 hazards whose report is owed among `hazards`, with the nearest deadline for a countdown. */
export function reportsOwed(hazards: readonly HazardView[], now: number): ReportsOwed {
	let count = 0;
	let nearest: HazardView | null = null;
	for (const hazard of hazards) {
		if (!isReportOwed(hazard)) continue;
		count++;
		if (nearest === null || reportDueAt(hazard) < reportDueAt(nearest)) nearest = hazard;
	}
	return { count, nearest, remainingMs: nearest === null ? 0 : reportDueAt(nearest) - now };
}

/** Hours and minutes of a duration, rounded up to the minute (a countdown never shows 0 too early). */
export function hoursMinutes(ms: number): { hours: number; minutes: number } {
	const minutes = Math.ceil(Math.abs(ms) / 60_000);
	return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}
