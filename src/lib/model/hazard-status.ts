import type { HazardView } from './hazard-record.ts';
import { chinaDate } from './time.ts';

/**
 * Time-bound duties of a hazard, with `now` passed in so a view, a test and an export agree on it.
 */

/**
 * Past its deadline and not closed: the deadline (整改期限) is a China calendar date and is met on
 * that whole day; from the next day on, until the office closes the entry, it is overdue.
 */
export function isOverdue(hazard: Pick<HazardView, 'deadline' | 'state'>, now: number): boolean {
	return hazard.deadline !== null && hazard.state !== 'closed' && chinaDate(now) > hazard.deadline;
}

/** A 重大 hazard is reported to the education bureau within this long of being found. */
export const REPORT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * - `not_required`: a 一般 hazard;
 * - `due`: 重大, unreported, still within 24 h (the countdown runs);
 * - `overdue`: 重大, unreported, past 24 h;
 * - `reported` / `reported_late`: reported within 24 h, or after.
 * `due` and `overdue` show red until reported.
 */
export type ReportState = 'not_required' | 'due' | 'overdue' | 'reported' | 'reported_late';

export interface ReportStatus {
	state: ReportState;
	/** foundAt + 24 h for a 重大 hazard, else null. */
	dueAt: number | null;
	/** For `due`: what is left of the window (ms); for `overdue`, how long past it (negative). */
	remainingMs: number | null;
}

export function reportDueAt(hazard: Pick<HazardView, 'foundAt'>): number {
	return hazard.foundAt + REPORT_WINDOW_MS;
}

export function reportStatus(
	hazard: Pick<HazardView, 'level' | 'foundAt' | 'report'>,
	now: number
): ReportStatus {
	if (hazard.level !== '重大') return { state: 'not_required', dueAt: null, remainingMs: null };
	const dueAt = reportDueAt(hazard);
	if (hazard.report !== null)
		return { state: hazard.report.at <= dueAt ? 'reported' : 'reported_late', dueAt, remainingMs: null };
	return { state: now <= dueAt ? 'due' : 'overdue', dueAt, remainingMs: dueAt - now };
}

/** Whether the report to the bureau is still owed (`due` or `overdue`): the entry shows red. */
export function isReportOwed(hazard: Pick<HazardView, 'level' | 'report'>): boolean {
	return hazard.level === '重大' && hazard.report === null;
}
