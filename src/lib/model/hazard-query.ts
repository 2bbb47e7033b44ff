import { HAZARD_STATES, type HazardState } from './hazard-fold.ts';
import type { HazardLevel, HazardView } from './hazard-record.ts';
import { responsibleDepts, type DomainOwners } from './hazard-rules.ts';
import { isOverdue, isReportOwed, reportDueAt } from './hazard-status.ts';
import { chinaDate } from './time.ts';

/**
 * Filters, search, sort and counts over hazard views: pure functions, so the table, the inboxes,
 * Home's counts and the exports select the same entries the same way.
 */

export interface HazardFilter {
	/** Any of these states; all when absent or empty. */
	states?: readonly HazardState[];
	level?: HazardLevel;
	/** A duty domain id. */
	domain?: string;
	/** A department id: the hazards it is responsible for (owner department, else the domain's owners). */
	dept?: string;
	/** `YYYY-MM`: found in that month (China time). */
	month?: string;
	/** `YYYY-MM-DD` bounds of the day found, inclusive (a semester for the print view). */
	foundFrom?: string;
	foundTo?: string;
	/** true: only overdue ones; false: only those not overdue. */
	overdue?: boolean;
	/** true: only 重大 hazards whose report to the bureau is still owed. */
	reportOwed?: boolean;
	/** Words that must all appear in the number, place or description. */
	text?: string;
}

export interface QueryContext {
	now: number;
	owners: DomainOwners;
}

export function matchesFilter(hazard: HazardView, filter: HazardFilter, context: QueryContext): boolean {
	if (filter.states && filter.states.length > 0 && !filter.states.includes(hazard.state)) return false;
	if (filter.level !== undefined && hazard.level !== filter.level) return false;
	if (filter.domain !== undefined && hazard.domain !== filter.domain) return false;
	if (filter.dept !== undefined && !responsibleDepts(hazard, context.owners).includes(filter.dept))
		return false;
	if (filter.month !== undefined || filter.foundFrom !== undefined || filter.foundTo !== undefined) {
		const day = chinaDate(hazard.foundAt);
		if (filter.month !== undefined && !day.startsWith(`${filter.month}-`)) return false;
		if (filter.foundFrom !== undefined && day < filter.foundFrom) return false;
		if (filter.foundTo !== undefined && day > filter.foundTo) return false;
	}
	if (filter.overdue !== undefined && isOverdue(hazard, context.now) !== filter.overdue) return false;
	if (filter.reportOwed === true && !isReportOwed(hazard)) return false;
	return filter.text === undefined || matchesText(hazard, filter.text);
}

export function filterHazards(
	hazards: readonly HazardView[],
	filter: HazardFilter,
	context: QueryContext
): HazardView[] {
	return hazards.filter((hazard) => matchesFilter(hazard, filter, context));
}

/** Every word of `query` (split on spaces) appears in the number, place or description; case-blind. */
export function matchesText(
	hazard: Pick<HazardView, 'number' | 'place' | 'description'>,
	query: string
): boolean {
	const words = query.toLowerCase().split(/\s+/).filter(Boolean);
	if (words.length === 0) return true;
	const haystack = `${hazard.number}\n${hazard.place}\n${hazard.description}`.toLowerCase();
	return words.every((word) => haystack.includes(word));
}

export type HazardSortKey = 'number' | 'foundAt' | 'deadline';
export type SortDirection = 'asc' | 'desc';

const numbers = new Intl.Collator('en', { numeric: true });

/**
 * A sorted copy. Entries without a deadline go last in either direction; ties fall back to the
 * number, then the id, so the order is the same on every device.
 */
export function sortHazards(
	hazards: readonly HazardView[],
	key: HazardSortKey,
	direction: SortDirection = 'asc'
): HazardView[] {
	const sign = direction === 'asc' ? 1 : -1;
	const tie = (a: HazardView, b: HazardView) =>
		numbers.compare(a.number, b.number) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
	return [...hazards].sort((a, b) => {
		if (key === 'deadline') {
			if (a.deadline === null || b.deadline === null) {
				if (a.deadline !== b.deadline) return a.deadline === null ? 1 : -1;
			} else if (a.deadline !== b.deadline) return sign * (a.deadline < b.deadline ? -1 : 1);
		} else if (key === 'foundAt' && a.foundAt !== b.foundAt) return sign * (a.foundAt - b.foundAt);
		return sign * tie(a, b);
	});
}

export interface LedgerSummary {
	total: number;
	byState: Record<HazardState, number>;
	/** Past their deadline and not closed. */
	overdue: number;
	/** 重大 hazards, and those whose report to the bureau is still owed. */
	major: number;
	reportOwed: number;
	/** Per department id: hazards waiting for it to rectify (registered or rectifying; 待整改). */
	toRectify: ReadonlyMap<string, number>;
	/** Of those, overdue. */
	overdueToRectify: ReadonlyMap<string, number>;
}

/** The counts lists and Home show: one pass over the views. */
export function summarize(hazards: Iterable<HazardView>, context: QueryContext): LedgerSummary {
	const byState = Object.fromEntries(HAZARD_STATES.map((state) => [state, 0])) as Record<HazardState, number>;
	const toRectify = new Map<string, number>();
	const overdueToRectify = new Map<string, number>();
	const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
	let total = 0;
	let overdue = 0;
	let major = 0;
	let reportOwed = 0;
	for (const hazard of hazards) {
		total++;
		byState[hazard.state]++;
		const late = isOverdue(hazard, context.now);
		if (late) overdue++;
		if (hazard.level === '重大') major++;
		if (isReportOwed(hazard)) reportOwed++;
		if (hazard.state === 'registered' || hazard.state === 'rectifying') {
			for (const dept of responsibleDepts(hazard, context.owners)) {
				bump(toRectify, dept);
				if (late) bump(overdueToRectify, dept);
			}
		}
	}
	return { total, byState, overdue, major, reportOwed, toRectify, overdueToRectify };
}

/** What the table's counts line says of the entries it shows. */
export interface RowCounts {
	total: number;
	/** Past their deadline and not closed. */
	overdue: number;
	/** 重大 hazards whose report to the bureau is still owed… */
	owed: number;
	/** …and when the soonest of those reports is due (foundAt + 24 h), or null. */
	owedDueAt: number | null;
}

/** The counts of `hazards` at `now`, in one pass. */
export function countRows(hazards: readonly HazardView[], now: number): RowCounts {
	let overdue = 0;
	let owed = 0;
	let owedDueAt: number | null = null;
	for (const hazard of hazards) {
		if (isOverdue(hazard, now)) overdue++;
		if (!isReportOwed(hazard)) continue;
		owed++;
		const due = reportDueAt(hazard);
		if (owedDueAt === null || due < owedDueAt) owedDueAt = due;
	}
	return { total: hazards.length, overdue, owed, owedDueAt };
}
