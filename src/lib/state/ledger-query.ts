import { HAZARD_STATES, type HazardState } from '../model/hazard-fold.ts';
import type { HazardFilter, HazardSortKey, SortDirection } from '../model/hazard-query.ts';
import type { HazardLevel } from '../model/hazard-record.ts';

/**
 * What the ledger screen shows, as it lives in the address's query string, so back and forward
 * step through filters and a link to a filtered ledger can be shared. Plain TypeScript: parsing
 * never throws (a hand-edited or old link drops what it cannot read), and `ledgerSearch` writes
 * one canonical form (defaults left out, fixed order), so `parse(search(q))` is `q`.
 *
 *   view=todo|all  status=a,b  level=general|major  domain=<id>  dept=<id>  month=YYYY-MM
 *   overdue=1  owed=1  q=<words>  sort=number|found|deadline  dir=asc|desc
 */
export type LedgerView = 'todo' | 'all';
export type LedgerSort = HazardSortKey;

export interface LedgerQuery {
	/** Null: the member's default (their inbox when they have one, else everything). */
	view: LedgerView | null;
	/** In HAZARD_STATES order, no repeats; empty for every state. */
	states: HazardState[];
	level: HazardLevel | null;
	domain: string | null;
	dept: string | null;
	/** `YYYY-MM`, found in that month. */
	month: string | null;
	overdue: boolean;
	/** Only 重大 hazards whose report to the bureau is still owed. */
	reportOwed: boolean;
	text: string;
	/** Null: the ledger's default order (latest found first). */
	sort: LedgerSort | null;
	dir: SortDirection;
}

export const EMPTY_QUERY: LedgerQuery = Object.freeze({
	view: null,
	states: [],
	level: null,
	domain: null,
	dept: null,
	month: null,
	overdue: false,
	reportOwed: false,
	text: '',
	sort: null,
	dir: 'desc'
}) as LedgerQuery;

/** The states of an entry not yet closed (未销号), a choice of the status filter. */
export const OPEN_STATES: readonly HazardState[] = HAZARD_STATES.filter((state) => state !== 'closed');

const LEVELS: Record<string, HazardLevel> = { general: '一般', major: '重大' };
const SORT_PARAMS: Record<string, LedgerSort> = { number: 'number', found: 'foundAt', deadline: 'deadline' };
const ID = /^[\w-]{1,100}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const TEXT_MAX = 100;

/** Newest first when sorting by when found; otherwise the smallest (first number, nearest deadline) first. */
export function defaultDirection(sort: LedgerSort | null): SortDirection {
	return sort === null || sort === 'foundAt' ? 'desc' : 'asc';
}

export function parseLedgerQuery(params: URLSearchParams): LedgerQuery {
	const get = (name: string) => params.get(name) ?? '';
	const view = get('view');
	const wanted = new Set(get('status').split(','));
	const sort = SORT_PARAMS[get('sort')] ?? null;
	const dir = get('dir');
	return {
		view: view === 'todo' || view === 'all' ? view : null,
		states: HAZARD_STATES.filter((state) => wanted.has(state)),
		level: LEVELS[get('level')] ?? null,
		domain: ID.test(get('domain')) ? get('domain') : null,
		dept: ID.test(get('dept')) ? get('dept') : null,
		month: MONTH.test(get('month')) ? get('month') : null,
		overdue: get('overdue') === '1',
		reportOwed: get('owed') === '1',
		text: get('q').slice(0, TEXT_MAX),
		sort,
		// The default order has no direction of its own.
		dir: sort !== null && (dir === 'asc' || dir === 'desc') ? dir : defaultDirection(sort)
	};
}

/** The query string for `query` ('' for no filter at all, else starting with `?`). */
export function ledgerSearch(query: LedgerQuery): '' | `?${string}` {
	const params = new URLSearchParams();
	if (query.view !== null) params.set('view', query.view);
	const states = HAZARD_STATES.filter((state) => query.states.includes(state));
	if (states.length > 0) params.set('status', states.join(','));
	if (query.level !== null) params.set('level', query.level === '重大' ? 'major' : 'general');
	if (query.domain !== null && ID.test(query.domain)) params.set('domain', query.domain);
	if (query.dept !== null && ID.test(query.dept)) params.set('dept', query.dept);
	if (query.month !== null && MONTH.test(query.month)) params.set('month', query.month);
	if (query.overdue) params.set('overdue', '1');
	if (query.reportOwed) params.set('owed', '1');
	if (query.text.trim() !== '') params.set('q', query.text.slice(0, TEXT_MAX));
	const sort = Object.entries(SORT_PARAMS).find(([, key]) => key === query.sort)?.[0];
	if (sort !== undefined) params.set('sort', sort);
	if (sort !== undefined && query.dir !== defaultDirection(query.sort)) params.set('dir', query.dir);
	const search = params.toString();
	return search === '' ? '' : `?${search}`;
}

/** The model's filter for `query` (hazard-query.ts); the view and the order are applied apart. */
export function toHazardFilter(query: LedgerQuery): HazardFilter {
	const filter: HazardFilter = {};
	if (query.states.length > 0) filter.states = query.states;
	if (query.level !== null) filter.level = query.level;
	if (query.domain !== null) filter.domain = query.domain;
	if (query.dept !== null) filter.dept = query.dept;
	if (query.month !== null) filter.month = query.month;
	if (query.overdue) filter.overdue = true;
	if (query.reportOwed) filter.reportOwed = true;
	if (query.text.trim() !== '') filter.text = query.text;
	return filter;
}

/** How many filters narrow the list (the view, the search and the order not counted). */
export function activeFilters(query: LedgerQuery): number {
	return (
		(query.states.length > 0 ? 1 : 0) +
		[query.level, query.domain, query.dept, query.month].filter((value) => value !== null).length +
		(query.overdue ? 1 : 0) +
		(query.reportOwed ? 1 : 0)
	);
}

/** `query` without its filters and search: the view and the order stay. */
export function clearFilters(query: LedgerQuery): LedgerQuery {
	return { ...EMPTY_QUERY, view: query.view, sort: query.sort, dir: query.dir };
}
