import type { HazardFilter } from '../model/hazard-query.ts';
import { chinaMonth } from '../model/time.ts';

/**
 * The period a printed or exported ledger covers: a calendar month (`2026-11`) or a semester
 * (`2026-autumn`, `2027-spring`). Semesters follow the Chinese school year: the autumn semester runs
 * from 1 September to 31 January, the spring semester from 1 February to 31 August, so every day
 * of the year belongs to exactly one of them.
 */
export interface LedgerPeriod {
	kind: 'month' | 'semester';
	/** As in the URL: `2026-11` or `2026-autumn`. */
	key: string;
	/** As printed: 2026年11月, 2026年秋季学期. */
	label: string;
	/** First and last day, YYYY-MM-DD (China time), inclusive. */
	from: string;
	to: string;
	/** Selects the hazards found in the period (hazard-query.ts). */
	filter: HazardFilter;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SEMESTER = /^(\d{4})-(autumn|spring)$/;

const pad = (n: number) => String(n).padStart(2, '0');

export function monthPeriod(key: string): LedgerPeriod | null {
	const match = MONTH.exec(key);
	if (match === null) return null;
	const year = Number(match[1]);
	const month = Number(match[2]);
	const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return {
		kind: 'month',
		key,
		label: `${year}年${month}月`,
		from: `${key}-01`,
		to: `${key}-${pad(last)}`,
		filter: { month: key }
	};
}

export function semesterPeriod(key: string): LedgerPeriod | null {
	const match = SEMESTER.exec(key);
	if (match === null) return null;
	const year = Number(match[1]);
	const autumn = match[2] === 'autumn';
	const from = autumn ? `${year}-09-01` : `${year}-02-01`;
	const to = autumn ? `${year + 1}-01-31` : `${year}-08-31`;
	return {
		kind: 'semester',
		key,
		label: `${year}年${autumn ? '秋季' : '春季'}学期`,
		from,
		to,
		filter: { foundFrom: from, foundTo: to }
	};
}

/** The semester that holds the month `YYYY-MM`. */
export function semesterOf(month: string): string {
	const [year, mm] = month.split('-').map(Number) as [number, number];
	if (mm === 1) return `${year - 1}-autumn`;
	return mm >= 9 ? `${year}-autumn` : `${year}-spring`;
}

/** The semester holding `now` (China time) and the `count - 1` before it, newest first. */
export function recentSemesters(now: number, count: number): string[] {
	const keys = [semesterOf(chinaMonth(now))];
	while (keys.length < count) {
		const [year, season] = keys.at(-1)!.split('-') as [string, string];
		keys.push(season === 'autumn' ? `${year}-spring` : `${Number(year) - 1}-autumn`);
	}
	return keys;
}

/**
 * The period a URL asks for (`?month=2026-11` or `?semester=2026-autumn`); this month (China time)
 * when it asks for none or for one that does not parse.
 */
export function periodFromQuery(params: URLSearchParams, now: number): LedgerPeriod {
	const semester = params.get('semester');
	const month = params.get('month');
	return (
		(semester === null ? null : semesterPeriod(semester)) ??
		(month === null ? null : monthPeriod(month)) ??
		(monthPeriod(chinaMonth(now)) as LedgerPeriod)
	);
}

/** The print view's address for a period (`/ledger/print?month=2026-11`). */
export function printHref(period: Pick<LedgerPeriod, 'kind' | 'key'>): string {
	return `/ledger/print?${period.kind}=${encodeURIComponent(period.key)}`;
}
