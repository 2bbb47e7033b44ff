import { HAZARD_STATES, type HazardState } from './hazard-fold.ts';
import type { InboxCounts, InboxReason } from './hazard-inbox.ts';
import {
	countRows,
	filterHazards,
	sortHazards,
	type HazardFilter,
	type HazardSortKey,
	type LedgerSummary,
	type QueryContext,
	type RowCounts,
	type SortDirection
} from './hazard-query.ts';
import type { HazardView } from './hazard-record.ts';
import { readViewJson, record } from './hazard-view-json.ts';
import { isRole, type Role } from './permissions.ts';
import { isFiniteNumber, isString } from './read.ts';

/**
 * The beginning of the ledger screen's lists as this device last saw them, kept apart from the
 * document so that opening the ledger shows rows before the whole document is read: a
 * 10,000-entry ledger takes seconds to read from IndexedDB and apply on a slow device; its first
 * rows, as JSON, take milliseconds. They may be stale (another device's changes arrive with the
 * document), so a screen shows them, marked as being updated, only until the document has loaded.
 *
 * They are one member's: the inbox (我的待办) and its counts depend on who reads.
 */
export const FIRST_ROWS = 50;

/** The beginning of one list (全部, or a member's 我的待办) and what the whole list counted. */
export interface FirstRowsPart {
	/** The first views, in the ledger's default order (latest found first). */
	views: HazardView[];
	/** Counts over the whole list when it was saved. */
	counts: RowCounts;
}

export interface FirstRows {
	/** The member they were kept for, and that member's role then: nobody else's are read. */
	member: string;
	role: Role;
	all: FirstRowsPart;
	/** The member's inbox; null for a role without one. */
	todo: FirstRowsPart | null;
	/** Home's counts: the whole ledger's, and the inbox's. */
	summary: LedgerSummary;
	inbox: InboxCounts;
}

export interface FirstRowsInput {
	member: string;
	role: Role;
	now: number;
	/** Every view, in the default order (as `LedgerIndex.views` gives them). */
	views: readonly HazardView[];
	/** The member's inbox in the same order, or null when they have none. */
	inbox: readonly HazardView[] | null;
	summary: LedgerSummary;
	inboxCounts: InboxCounts;
}

/** What to keep of the screen's state: the first `count` of each list and the counts. */
export function makeFirstRows(input: FirstRowsInput, count = FIRST_ROWS): FirstRows {
	const part = (views: readonly HazardView[]): FirstRowsPart => ({
		views: views.slice(0, count),
		counts: countRows(views, input.now)
	});
	return {
		member: input.member,
		role: input.role,
		all: part(input.views),
		todo: input.inbox === null ? null : part(input.inbox),
		summary: input.summary,
		inbox: input.inboxCounts
	};
}

const VERSION = 2;

/** JSON for `rows`; a view in both lists is written once. */
export function encodeFirstRows(rows: FirstRows): string {
	const views = new Map<string, HazardView>();
	const ids = (part: FirstRowsPart) => part.views.map((view) => (views.set(view.id, view), view.id));
	const part = (p: FirstRowsPart) => ({ ids: ids(p), counts: p.counts });
	const { summary } = rows;
	return JSON.stringify({
		version: VERSION,
		member: rows.member,
		role: rows.role,
		all: part(rows.all),
		todo: rows.todo === null ? null : part(rows.todo),
		summary: {
			...summary,
			toRectify: [...summary.toRectify],
			overdueToRectify: [...summary.overdueToRectify]
		},
		inbox: rows.inbox,
		views: [...views.values()]
	});
}

/**
 * Rows saved by `encodeFirstRows`, read defensively (storage may hold anything): every view is
 * checked and defaulted like a stored record; null for anything but our format.
 */
export function decodeFirstRows(json: string | null): FirstRows | null {
	if (json === null) return null;
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return null;
	}
	const r = record(value);
	if (r.version !== VERSION || !isString(r.member) || !isRole(r.role) || !Array.isArray(r.views)) return null;
	const views = new Map<string, HazardView>();
	for (const item of r.views) {
		const view = readViewJson(item);
		if (view !== null) views.set(view.id, view);
	}
	const all = readPart(r.all, views);
	if (all === null) return null;
	return {
		member: r.member,
		role: r.role,
		all,
		todo: readPart(r.todo, views),
		summary: readSummary(r.summary),
		inbox: readInbox(r.inbox)
	};
}

function readPart(value: unknown, pool: ReadonlyMap<string, HazardView>): FirstRowsPart | null {
	const r = record(value);
	if (!Array.isArray(r.ids)) return null;
	const views = r.ids.map((id) => (isString(id) ? pool.get(id) : undefined)).filter((v) => v !== undefined);
	const c = record(r.counts);
	return {
		views,
		counts: {
			// A list holds at least the rows it shows.
			total: Math.max(count(c.total), views.length),
			overdue: count(c.overdue),
			owed: count(c.owed),
			owedDueAt: isFiniteNumber(c.owedDueAt) ? c.owedDueAt : null
		}
	};
}

const count = (value: unknown): number => (isFiniteNumber(value) && value >= 0 ? Math.floor(value) : 0);

function counts(value: unknown): Map<string, number> {
	const map = new Map<string, number>();
	if (!Array.isArray(value)) return map;
	for (const entry of value)
		if (Array.isArray(entry) && isString(entry[0])) map.set(entry[0], count(entry[1]));
	return map;
}

function readSummary(value: unknown): LedgerSummary {
	const r = record(value);
	const states = record(r.byState);
	return {
		total: count(r.total),
		byState: Object.fromEntries(HAZARD_STATES.map((state) => [state, count(states[state])])) as Record<
			HazardState,
			number
		>,
		overdue: count(r.overdue),
		major: count(r.major),
		reportOwed: count(r.reportOwed),
		toRectify: counts(r.toRectify),
		overdueToRectify: counts(r.overdueToRectify)
	};
}

function readInbox(value: unknown): InboxCounts {
	const r = record(value);
	const reasons = record(r.byReason);
	const byReason = (reason: InboxReason) => count(reasons[reason]);
	return {
		total: count(r.total),
		byReason: {
			rectify: byReason('rectify'),
			reinspect: byReason('reinspect'),
			close: byReason('close'),
			report: byReason('report')
		},
		overdue: count(r.overdue)
	};
}

/** The rows a list shows for a filter and order, as far as its kept beginning can tell. */
export interface FirstRowsAnswer {
	rows: HazardView[];
	/** The counts of every match; null when only the first matches are known. */
	counts: RowCounts | null;
	/** Whether more matches may follow (they come with the document). */
	partial: boolean;
}

/**
 * What `part` can truly say about `filter` in `sort` order (null: the default order), or null when
 * it cannot, so a screen says 正在载入… rather than show rows that may be wrong:
 *
 * - a part holding its whole list answers everything, counts included;
 * - otherwise only the default order can be answered, the order the part was cut in: without a
 *   filter, its rows and the counts saved with it; with one, the matches among its rows are the
 *   first matches of the whole list, but how many follow is unknown, and no match says nothing.
 *
 * `context.owners` must be known for a `dept` filter (the caller waits for the duty board).
 */
export function answerFromFirstRows(
	part: FirstRowsPart,
	filter: HazardFilter,
	sort: { key: HazardSortKey; dir: SortDirection } | null,
	context: QueryContext
): FirstRowsAnswer | null {
	const filtered = Object.keys(filter).length > 0;
	const matches = filtered ? filterHazards(part.views, filter, context) : [...part.views];
	if (part.views.length >= part.counts.total) {
		const rows = sort === null ? matches : sortHazards(matches, sort.key, sort.dir);
		return { rows, counts: countRows(rows, context.now), partial: false };
	}
	if (sort !== null) return null;
	if (!filtered) return { rows: matches, counts: part.counts, partial: true };
	return matches.length > 0 ? { rows: matches, counts: null, partial: true } : null;
}
