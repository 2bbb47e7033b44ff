import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HAZARD_STATES } from '../../src/lib/model/hazard-fold.ts';
import { countInbox, inboxReason, inboxReasons, selectInbox } from '../../src/lib/model/hazard-inbox.ts';
import {
	getHazard,
	listHazards,
	moveHazard,
	registerHazard,
	reportHazard
} from '../../src/lib/model/ledger.ts';
import { allMemberDepts, memberDepts, seedDuty, setMemberDepts } from '../../src/lib/model/duty.ts';
import { hoursMinutes, overdueDays } from '../../src/lib/state/ledger-display.ts';
import { countRows } from '../../src/lib/model/hazard-query.ts';
import {
	EMPTY_QUERY,
	OPEN_STATES,
	activeFilters,
	clearFilters,
	ledgerSearch,
	parseLedgerQuery,
	toHazardFilter,
	type LedgerQuery
} from '../../src/lib/state/ledger-query.ts';
import { syncAll } from './helpers.ts';
import {
	DAY,
	OWNERS,
	T0,
	generalAffairs,
	inspector,
	leader,
	office,
	security,
	viewer
} from './ledger-helpers.ts';

const HOUR = 3_600_000;
const parse = (search: string) => parseLedgerQuery(new URLSearchParams(search));

describe('the ledger filters in the address', () => {
	it('reads every filter, the view, the search and the order', () => {
		const query = parse(
			'view=all&status=rectifying,registered&level=major&domain=food-hygiene&dept=security&month=2026-11&overdue=1&owed=1&q=%E9%A3%9F%E5%A0%82+%E5%90%8E%E5%8E%A8&sort=deadline&dir=desc'
		);
		expect(query).toEqual({
			view: 'all',
			// In the loop's order, whatever the address said.
			states: ['registered', 'rectifying'],
			level: '重大',
			domain: 'food-hygiene',
			dept: 'security',
			month: '2026-11',
			overdue: true,
			reportOwed: true,
			text: '食堂 后厨',
			sort: 'deadline',
			dir: 'desc'
		} satisfies LedgerQuery);
		expect(toHazardFilter(query)).toEqual({
			states: ['registered', 'rectifying'],
			level: '重大',
			domain: 'food-hygiene',
			dept: 'security',
			month: '2026-11',
			overdue: true,
			reportOwed: true,
			text: '食堂 后厨'
		});
		expect(activeFilters(query)).toBe(7);
	});

	it('drops what it cannot read instead of failing (old or hand-edited links)', () => {
		expect(parse('')).toEqual(EMPTY_QUERY);
		expect(
			parse(
				'view=mine&status=open,nonsense&level=重大&domain=a%20b&dept=<x>&month=2026-13&overdue=yes&sort=x&dir=up'
			)
		).toEqual(EMPTY_QUERY);
		expect(toHazardFilter(EMPTY_QUERY)).toEqual({});
		// A direction without an order is meaningless: the default order has none.
		expect(parse('dir=asc')).toEqual(EMPTY_QUERY);
		expect(parse(`q=${'字'.repeat(300)}`).text).toHaveLength(100);
	});

	it('writes one canonical form that reads back the same', () => {
		expect(ledgerSearch(EMPTY_QUERY)).toBe('');
		const queries: LedgerQuery[] = [
			{ ...EMPTY_QUERY, view: 'todo' },
			{ ...EMPTY_QUERY, states: [...OPEN_STATES], level: '一般' },
			{ ...EMPTY_QUERY, dept: 'general-affairs', overdue: true, text: '灭火器 三楼' },
			{ ...EMPTY_QUERY, sort: 'number', dir: 'asc' },
			{ ...EMPTY_QUERY, sort: 'foundAt', dir: 'asc', month: '2026-01', reportOwed: true }
		];
		for (const query of queries) expect(parse(ledgerSearch(query).slice(1))).toEqual(query);
		// Defaults stay out of the address; the order of parameters is fixed.
		expect(ledgerSearch({ ...EMPTY_QUERY, sort: 'number', dir: 'asc' })).toBe('?sort=number');
		expect(ledgerSearch({ ...EMPTY_QUERY, sort: 'foundAt', dir: 'desc' })).toBe('?sort=found');
		expect(ledgerSearch({ ...EMPTY_QUERY, overdue: true, view: 'all', text: '  ' })).toBe(
			'?view=all&overdue=1'
		);
		expect(ledgerSearch({ ...EMPTY_QUERY, states: ['closed', 'registered'] })).toBe(
			'?status=registered%2Cclosed'
		);
	});

	it('clears the filters but keeps the view and the order', () => {
		const query: LedgerQuery = {
			...EMPTY_QUERY,
			view: 'all',
			level: '重大',
			text: '楼梯',
			sort: 'deadline',
			dir: 'asc'
		};
		expect(clearFilters(query)).toEqual({ ...EMPTY_QUERY, view: 'all', sort: 'deadline', dir: 'asc' });
		expect(OPEN_STATES).toEqual(HAZARD_STATES.filter((state) => state !== 'closed'));
	});
});

/** One hazard in each place of the loop, and a 重大 one unreported. */
function ledger(): Y.Doc {
	const doc = new Y.Doc();
	const reg = (id: string, extra: object = {}) =>
		registerHazard(doc, { id, place: '操场', description: '围栏松动', ...extra }, inspector, 'B', T0).id;
	reg('food', { domain: 'food-hygiene' }); // owners: general-affairs, security
	reg('campus', { domain: 'safe-campus' }); // owner: security
	reg('named', { domain: 'food-hygiene', ownerDept: 'security' }); // the office named security
	reg('nobody'); // no domain yet: nobody's to rectify
	reg('major', { domain: 'school-buildings', level: '重大' });
	reg('waiting', { domain: 'food-hygiene' });
	moveHazard(doc, 'waiting', 'start', generalAffairs, OWNERS, { now: T0 + 1 });
	moveHazard(doc, 'waiting', 'submit', generalAffairs, OWNERS, { now: T0 + 2, comment: '已修好' });
	reg('passed', { domain: 'food-hygiene' });
	moveHazard(doc, 'passed', 'start', generalAffairs, OWNERS, { now: T0 + 1 });
	moveHazard(doc, 'passed', 'submit', generalAffairs, OWNERS, { now: T0 + 2, comment: '已修好' });
	moveHazard(doc, 'passed', 'pass', inspector, OWNERS, { now: T0 + 3 });
	reg('rejected', { domain: 'food-hygiene', deadline: '2026-11-04' });
	moveHazard(doc, 'rejected', 'start', generalAffairs, OWNERS, { now: T0 + 1 });
	moveHazard(doc, 'rejected', 'submit', generalAffairs, OWNERS, { now: T0 + 2, comment: '已修好' });
	moveHazard(doc, 'rejected', 'reject', inspector, OWNERS, { now: T0 + 3, comment: '仍松动' });
	return doc;
}

describe('inboxes', () => {
	const views = listHazards(ledger());
	const ids = (member: typeof office) =>
		selectInbox(views, member, OWNERS)
			.map((h) => h.id)
			.sort();

	it('a department head: what their departments rectify, including what re-inspection sent back', () => {
		expect(ids(generalAffairs)).toEqual(['food', 'major', 'rejected']);
		expect(ids(security)).toEqual(['campus', 'food', 'major', 'named', 'rejected']);
		expect(inboxReasons(generalAffairs)).toEqual(['rectify']);
		// Without a department (the office has not named one), nothing is theirs yet.
		expect(ids({ ...generalAffairs, deptIds: [] })).toEqual([]);
	});

	it('an inspector: what awaits re-inspection; the office: what to close and 重大 to report', () => {
		expect(ids(inspector)).toEqual(['waiting']);
		const officeWithoutDept = { ...office, deptIds: [] };
		expect(ids(officeWithoutDept)).toEqual(['major', 'passed']);
		const view = (id: string) => views.find((h) => h.id === id)!;
		expect(inboxReason(view('major'), officeWithoutDept, OWNERS)).toBe('report');
		expect(inboxReason(view('passed'), officeWithoutDept, OWNERS)).toBe('close');
		// An office member acting for a department also rectifies its hazards (none here: 办公室).
		expect(inboxReasons(office)).toEqual(['report', 'close', 'rectify']);
		expect(inboxReason(view('food'), { ...office, deptIds: ['security'] }, OWNERS)).toBe('rectify');
	});

	it('leaders and viewers read the whole ledger: no inbox', () => {
		expect(ids(leader)).toEqual([]);
		expect(ids(viewer)).toEqual([]);
		expect(countInbox(views, leader, OWNERS, T0).total).toBe(0);
	});

	it('counts by reason and overdue; a reported 重大 hazard leaves the office inbox', () => {
		const doc = ledger();
		const counts = countInbox(listHazards(doc), generalAffairs, OWNERS, T0 + 3 * DAY);
		expect(counts).toEqual({
			total: 3,
			byReason: { rectify: 3, reinspect: 0, close: 0, report: 0 },
			overdue: 1
		});
		reportHazard(doc, 'major', { ref: '教安〔2026〕1号', at: T0 + HOUR }, office, OWNERS);
		expect(countInbox(listHazards(doc), office, OWNERS, T0).byReason).toEqual({
			rectify: 0,
			reinspect: 0,
			close: 1,
			report: 0
		});
	});
});

describe('what rows and counts show', () => {
	it('days overdue on the China calendar', () => {
		const base = { state: 'rectifying' as const, deadline: '2026-11-04' };
		expect(overdueDays(base, Date.UTC(2026, 10, 4, 15, 59))).toBe(0); // 23:59 on the 4th, China
		expect(overdueDays(base, Date.UTC(2026, 10, 4, 16, 0))).toBe(1);
		expect(overdueDays(base, Date.UTC(2026, 10, 14, 3, 0))).toBe(10);
		expect(overdueDays({ ...base, state: 'closed' }, Date.UTC(2026, 10, 14))).toBe(0);
		expect(overdueDays({ ...base, deadline: null }, Date.UTC(2026, 10, 14))).toBe(0);
	});

	it('the 重大 reports owed, with the nearest one for the countdown', () => {
		const doc = new Y.Doc();
		const reg = (id: string, foundAt: number, level: '一般' | '重大' = '重大') =>
			registerHazard(
				doc,
				{ id, place: '操场', description: '围栏', level, foundAt },
				inspector,
				'B',
				T0 + DAY
			);
		reg('early', T0);
		reg('late', T0 + 5 * HOUR);
		reg('minor', T0 - DAY, '一般');
		expect(countRows(listHazards(doc), T0 + 20 * HOUR)).toMatchObject({
			total: 3,
			owed: 2,
			owedDueAt: T0 + DAY
		});
		reportHazard(doc, 'early', { ref: '', at: T0 + 2 * HOUR }, office, OWNERS);
		expect(countRows(listHazards(doc), T0 + 30 * HOUR)).toMatchObject({
			owed: 1,
			owedDueAt: T0 + 5 * HOUR + DAY
		});
		expect(countRows([], T0)).toEqual({ total: 0, overdue: 0, owed: 0, owedDueAt: null });
		expect(hoursMinutes(4 * HOUR + 61_000)).toEqual({ hours: 4, minutes: 2 });
		expect(hoursMinutes(-HOUR)).toEqual({ hours: 1, minutes: 0 });
	});
});

describe('numbers when two tabs of one device lag each other', () => {
	it('the last number the device remembers issuing keeps a lagging copy from repeating it', () => {
		const tabA = new Y.Doc();
		const tabB = new Y.Doc();
		const a = registerHazard(tabA, { place: '操场', description: '围栏' }, inspector, 'C', T0);
		// Tab B has not received A's registration yet, but the device remembers count 1.
		const b = registerHazard(tabB, { place: '食堂', description: '地滑' }, inspector, 'C', T0, {
			lastIssued: 1
		});
		expect([a.number, b.number]).toEqual(['2026-11-C-001', '2026-11-C-002']);
		// Once merged, the month's counter holds one tab's count or the other's (the map keeps one
		// concurrent value, chosen by client id): it may say 1. The remembered count still says 2.
		syncAll(tabA, tabB);
		const c = registerHazard(tabA, { place: '楼梯', description: '扶手' }, inspector, 'C', T0, {
			lastIssued: 2
		});
		expect(c.number).toBe('2026-11-C-003');
		// A remembered count below the document's changes nothing.
		const d = registerHazard(tabA, { place: '门口', description: '积水' }, inspector, 'C', T0, {
			lastIssued: 1
		});
		expect(d.number).toBe('2026-11-C-004');
		expect(getHazard(tabA, b.id)?.number).toBe('2026-11-C-002');
	});
});

describe('the departments members act for', () => {
	it('lists every member with departments, for 设置 → 成员', () => {
		const doc = new Y.Doc();
		seedDuty(doc);
		expect(allMemberDepts(doc)).toEqual(new Map());
		setMemberDepts(doc, 'm-ga', ['general-affairs', 'security'], office);
		setMemberDepts(doc, 'm-sec', ['security'], office);
		setMemberDepts(doc, 'm-sec', [], office);
		expect(allMemberDepts(doc)).toEqual(
			new Map([
				['m-ga', ['general-affairs', 'security']],
				['m-sec', []]
			])
		);
		expect(memberDepts(doc, 'm-ga')).toEqual(['general-affairs', 'security']);
	});
});
