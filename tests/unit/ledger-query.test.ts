import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SEED_DEPARTMENTS, SEED_DOMAINS } from '../../src/lib/model/duty-seed.ts';
import { LEDGER_COLUMNS, exportNames, ledgerRows } from '../../src/lib/model/hazard-export.ts';
import { filterHazards, matchesText, sortHazards } from '../../src/lib/model/hazard-query.ts';
import { isOverdue, reportStatus } from '../../src/lib/model/hazard-status.ts';
import {
	getHazard,
	listHazards,
	moveHazard,
	registerHazard,
	reportHazard
} from '../../src/lib/model/ledger.ts';
import { photoHash } from './helpers.ts';
import { DAY, OWNERS, T0, generalAffairs, inspector, office, registered } from './ledger-helpers.ts';

const HOUR = 3_600_000;

function sample(): Y.Doc {
	const doc = new Y.Doc();
	const reg = (extra: object, at: number) =>
		registerHazard(doc, { place: '操场', description: '围栏松动', ...extra }, inspector, 'B', at).id;
	reg({ id: 'a', domain: 'food-hygiene', foundAt: T0, deadline: '2026-11-06', place: '食堂后厨' }, T0);
	reg(
		{
			id: 'b',
			domain: 'school-buildings',
			level: '重大',
			foundAt: T0 + DAY,
			description: '教学楼外墙瓷砖脱落'
		},
		T0 + DAY
	);
	reg(
		{
			id: 'c',
			domain: 'safe-campus',
			ownerDept: 'security',
			foundAt: Date.UTC(2026, 9, 20),
			deadline: '2026-10-25'
		},
		T0 + 2 * DAY
	);
	reg({ id: 'd', domain: 'food-hygiene', foundAt: T0 + 3 * DAY }, T0 + 3 * DAY);
	moveHazard(doc, 'd', 'start', generalAffairs, OWNERS, { now: T0 + 4 * DAY });
	moveHazard(doc, 'd', 'submit', generalAffairs, OWNERS, { now: T0 + 5 * DAY, comment: '已修复' });
	moveHazard(doc, 'd', 'passAndClose', office, OWNERS, { now: T0 + 6 * DAY });
	moveHazard(doc, 'c', 'start', { ...generalAffairs, deptIds: ['security'] }, OWNERS, { now: T0 + 4 * DAY });
	return doc;
}

describe('filters, search and sort', () => {
	const doc = sample();
	const views = listHazards(doc);
	const context = { now: T0 + 10 * DAY, owners: OWNERS };
	const ids = (list: { id: string }[]) => list.map((h) => h.id).sort();

	it('select by state, level, domain, department, month and overdue', () => {
		expect(ids(filterHazards(views, { states: ['registered'] }, context))).toEqual(['a', 'b']);
		expect(ids(filterHazards(views, { states: ['rectifying', 'closed'] }, context))).toEqual(['c', 'd']);
		expect(ids(filterHazards(views, { level: '重大' }, context))).toEqual(['b']);
		expect(ids(filterHazards(views, { domain: 'food-hygiene' }, context))).toEqual(['a', 'd']);
		expect(ids(filterHazards(views, { dept: 'general-affairs' }, context))).toEqual(['a', 'b', 'd']);
		expect(ids(filterHazards(views, { dept: 'security' }, context))).toEqual(['a', 'b', 'c', 'd']);
		expect(ids(filterHazards(views, { dept: 'education-technology' }, context))).toEqual(['b']);
		expect(ids(filterHazards(views, { month: '2026-10' }, context))).toEqual(['c']);
		expect(ids(filterHazards(views, { foundFrom: '2026-11-04', foundTo: '2026-11-06' }, context))).toEqual([
			'b',
			'd'
		]);
		expect(ids(filterHazards(views, { overdue: true }, context))).toEqual(['a', 'c']);
		expect(ids(filterHazards(views, { overdue: false, states: ['registered'] }, context))).toEqual(['b']);
		expect(ids(filterHazards(views, { reportOwed: true }, context))).toEqual(['b']);
		expect(ids(filterHazards(views, {}, context))).toEqual(['a', 'b', 'c', 'd']);
	});

	it('search every word in number, place and description', () => {
		expect(ids(filterHazards(views, { text: '瓷砖' }, context))).toEqual(['b']);
		expect(ids(filterHazards(views, { text: '食堂  后厨' }, context))).toEqual(['a']);
		expect(ids(filterHazards(views, { text: '2026-11-b-003' }, context))).toEqual(['c']);
		expect(ids(filterHazards(views, { text: '食堂 瓷砖' }, context))).toEqual([]);
		expect(matchesText(views[0]!, '  ')).toBe(true);
	});

	it('sort by number, found time and deadline (none last), the same on every device', () => {
		expect(sortHazards(views, 'number').map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
		expect(sortHazards(views, 'number', 'desc').map((h) => h.id)).toEqual(['d', 'c', 'b', 'a']);
		expect(sortHazards(views, 'foundAt').map((h) => h.id)).toEqual(['c', 'a', 'b', 'd']);
		expect(sortHazards(views, 'deadline').map((h) => h.id)).toEqual(['c', 'a', 'b', 'd']);
		expect(sortHazards(views, 'deadline', 'desc').map((h) => h.id)).toEqual(['a', 'c', 'd', 'b']);
		// Numbers sort by their count, not as text: 010 after 009, and a 4-digit count last.
		const fake = (id: string, number: string) => ({ ...views[0]!, id, number });
		const sorted = sortHazards(
			[fake('y', '2026-11-B-1000'), fake('x', '2026-11-B-010'), fake('w', '2026-11-B-009')],
			'number'
		);
		expect(sorted.map((h) => h.id)).toEqual(['w', 'x', 'y']);
	});
});

describe('overdue and the report of a 重大 hazard', () => {
	it('is overdue from the day after the deadline (China time) until closed', () => {
		const { doc, id } = registered(new Y.Doc(), { deadline: '2026-11-10' });
		const view = getHazard(doc, id)!;
		// 2026-11-10 23:59 in China is still the deadline's day; 00:00 on the 11th is not.
		expect(isOverdue(view, Date.UTC(2026, 10, 10, 15, 59))).toBe(false);
		expect(isOverdue(view, Date.UTC(2026, 10, 10, 16, 0))).toBe(true);
		expect(isOverdue({ ...view, state: 'closed' }, Date.UTC(2026, 11, 1))).toBe(false);
		expect(isOverdue({ ...view, deadline: null }, Date.UTC(2030, 0, 1))).toBe(false);
	});

	it('counts down 24 h from finding, then is overdue until reported', () => {
		const { doc, id } = registered(new Y.Doc(), { level: '重大', foundAt: T0 });
		const view = getHazard(doc, id)!;
		expect(reportStatus(view, T0 + HOUR)).toEqual({
			state: 'due',
			dueAt: T0 + 24 * HOUR,
			remainingMs: 23 * HOUR
		});
		expect(reportStatus(view, T0 + 25 * HOUR)).toEqual({
			state: 'overdue',
			dueAt: T0 + 24 * HOUR,
			remainingMs: -HOUR
		});
		reportHazard(doc, id, { ref: '3号', at: T0 + 2 * HOUR }, office, OWNERS);
		expect(reportStatus(getHazard(doc, id)!, T0 + 30 * HOUR)).toMatchObject({
			state: 'reported',
			remainingMs: null
		});
		reportHazard(doc, id, { ref: '3号', at: T0 + 26 * HOUR }, office, OWNERS);
		expect(reportStatus(getHazard(doc, id)!, T0 + 30 * HOUR).state).toBe('reported_late');
		const minor = registered(doc);
		expect(reportStatus(getHazard(doc, minor.id)!, T0)).toEqual({
			state: 'not_required',
			dueAt: null,
			remainingMs: null
		});
	});
});

describe('export rows', () => {
	it('give the bureau’s columns in Chinese, one string cell each', () => {
		const doc = new Y.Doc();
		const id = registerHazard(
			doc,
			{
				place: '教学楼东侧消防通道',
				description: '通道堆放杂物',
				domain: 'school-buildings',
				level: '重大',
				ownerPerson: '王师傅',
				deadline: '2026-11-10',
				measures: '清理杂物',
				funds: 1200,
				interimMeasures: '拉警戒线',
				remarks: '月检',
				foundAt: T0
			},
			inspector,
			'B',
			T0
		).id;
		reportHazard(doc, id, { ref: '校安〔2026〕3号', at: T0 + HOUR }, office, OWNERS);
		const gaInSchoolBuildings = { ...generalAffairs, deptIds: ['general-affairs'] };
		moveHazard(doc, id, 'start', gaInSchoolBuildings, OWNERS, { now: T0 + DAY });
		moveHazard(doc, id, 'submit', gaInSchoolBuildings, OWNERS, {
			now: T0 + 2 * DAY,
			comment: '已清理',
			photos: [photoHash(1)]
		});
		moveHazard(doc, id, 'reject', inspector, OWNERS, {
			now: T0 + 3 * DAY,
			comment: '仍有纸箱',
			deadline: '2026-11-12'
		});
		const names = exportNames(
			SEED_DEPARTMENTS.map((d, order) => ({ ...d, order })),
			SEED_DOMAINS.map((d, order) => ({ ...d, order, lead: null }))
		);
		const table = ledgerRows(listHazards(doc), names, Date.UTC(2026, 10, 13));
		expect(table.header).toEqual([...LEDGER_COLUMNS]);
		const row = Object.fromEntries(table.header.map((column, i) => [column, table.rows[0]![i]]));
		expect(row).toEqual({
			序号: '1',
			隐患编号: '2026-11-B-001',
			排查时间: '2026-11-03',
			隐患地点: '教学楼东侧消防通道',
			排查人: inspector.name,
			隐患描述: '通道堆放杂物',
			隐患类别: '校舍设施安全管理',
			隐患等级: '重大隐患',
			整改措施: '清理杂物',
			责任部门: '教技室、总务处、安保处',
			责任人: '王师傅',
			整改期限: '2026-11-12',
			'整改资金（元）': '1200.00',
			临时防范措施: '拉警戒线',
			整改情况: '已清理',
			复查人: inspector.name,
			复查时间: '2026-11-06',
			复查结果: '不合格：仍有纸箱',
			未整改原因: '仍有纸箱（新期限 2026-11-12）',
			销号时间: '',
			状态: '整改中（逾期）',
			重大隐患上报: `2026-11-03 11:00 ${office.name} 文号 校安〔2026〕3号`,
			备注: '月检'
		});
		expect(
			table.rows.every((r) => r.length === LEDGER_COLUMNS.length && r.every((c) => typeof c === 'string'))
		).toBe(true);
	});
});
