import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { countInbox, selectInbox } from '../../src/lib/model/hazard-inbox.ts';
import {
	countRows,
	filterHazards,
	sortHazards,
	summarize,
	type HazardFilter,
	type HazardSortKey
} from '../../src/lib/model/hazard-query.ts';
import {
	answerFromFirstRows,
	decodeFirstRows,
	encodeFirstRows,
	FIRST_ROWS,
	makeFirstRows,
	type FirstRows
} from '../../src/lib/model/ledger-first-rows.ts';
import {
	listHazards,
	moveHazard,
	registerHazard,
	type HazardView,
	type MemberContext
} from '../../src/lib/model/ledger.ts';
import { reportHazard } from '../../src/lib/model/hazard-edit.ts';
import { FirstRowsKeeper, forgetFirstRows, loadFirstRows } from '../../src/lib/state/ledger-first-rows.ts';
import { DAY, OWNERS, T0, generalAffairs, inspector, office } from './ledger-helpers.ts';

const DOMAINS = ['food-hygiene', 'school-buildings', 'safe-campus'];

/** A ledger of `entries`: one 重大 entry moved along the loop, deadlines on some, three domains. */
function ledger(entries: number): Y.Doc {
	const doc = new Y.Doc();
	for (let i = 0; i < entries; i++) {
		const hazard = registerHazard(
			doc,
			{
				place: `地点${i}`,
				description: `隐患${i}`,
				domain: DOMAINS[i % DOMAINS.length],
				level: i % 17 === 0 ? '重大' : '一般',
				deadline: i % 4 === 0 ? '2026-11-10' : null
			},
			inspector,
			'B',
			T0 + i * 60_000
		);
		if (i === 0) {
			reportHazard(doc, hazard.id, { ref: '文号1', at: T0 + 1000 }, office, OWNERS);
			moveHazard(doc, hazard.id, 'start', generalAffairs, OWNERS, { now: T0 + DAY });
			moveHazard(doc, hazard.id, 'submit', generalAffairs, OWNERS, { now: T0 + 2 * DAY, comment: '已更换' });
			moveHazard(doc, hazard.id, 'reject', office, OWNERS, {
				now: T0 + 3 * DAY,
				comment: '未完成',
				deadline: '2026-12-01'
			});
		}
	}
	return doc;
}

const NOW = T0 + 10 * DAY;

/** What LedgerState keeps for `member` from a ledger. */
function keep(doc: Y.Doc, member: MemberContext, count = FIRST_ROWS): FirstRows {
	const views = listHazards(doc);
	const inbox = selectInbox(views, member, OWNERS);
	return makeFirstRows(
		{
			member: member.id,
			role: member.role,
			now: NOW,
			views,
			inbox: member.role === 'leader' ? null : inbox,
			summary: summarize(views, { now: NOW, owners: OWNERS }),
			inboxCounts: countInbox(views, member, OWNERS, NOW)
		},
		count
	);
}

describe('the first rows kept apart from the document', () => {
	it('round-trips both lists exactly, with their counts and Home’s', () => {
		const doc = ledger(80);
		const views = listHazards(doc);
		const kept = keep(doc, generalAffairs);
		const inbox = selectInbox(views, generalAffairs, OWNERS);
		expect(kept.all.views).toEqual(views.slice(0, FIRST_ROWS));
		expect(kept.all.counts).toEqual(countRows(views, NOW));
		expect(kept.todo?.views).toEqual(inbox.slice(0, FIRST_ROWS));
		expect(kept.todo?.counts.total).toBe(inbox.length);

		const json = encodeFirstRows(kept);
		const back = decodeFirstRows(json);
		expect(back).toEqual(kept);
		expect(back?.summary.toRectify.get('general-affairs')).toBeGreaterThan(0);
		// A view in both lists is written once.
		const stored = (JSON.parse(json) as { views: unknown[] }).views;
		expect(stored.length).toBe(new Set([...kept.all.views, ...kept.todo!.views].map((v) => v.id)).size);
		expect(stored.length).toBeLessThan(kept.all.views.length + kept.todo!.views.length);
	});

	it('reads anything else as nothing, and damaged fields as their defaults', () => {
		for (const junk of [
			null,
			'',
			'{',
			'[]',
			'{"version":1,"total":1,"views":[]}',
			'{"version":2,"member":"m","role":"king","all":{"ids":[]},"views":[]}',
			'{"version":2,"member":"m","role":"office","views":[]}'
		])
			expect(decodeFirstRows(junk)).toBeNull();
		const rows = decodeFirstRows(
			JSON.stringify({
				version: 2,
				member: 'm',
				role: 'office',
				all: { ids: ['a', 'missing', 7], counts: { total: 'x', overdue: -3 } },
				todo: 'x',
				summary: { byState: { closed: 2.7 }, toRectify: [['ga', 3], 'x', [1, 2]] },
				views: [{ id: 'a', number: '2026-11-B-001', state: 'gone', timeline: [{ id: 1 }], funds: 'x' }, 7]
			})
		);
		expect(rows?.all.views).toHaveLength(1);
		expect(rows?.all.views[0]).toMatchObject({
			state: 'registered',
			timeline: [],
			funds: null,
			foundBy: { id: '', name: '' }
		});
		expect(rows?.all.counts).toEqual({ total: 1, overdue: 0, owed: 0, owedDueAt: null });
		expect(rows?.todo).toBeNull();
		expect(rows?.summary.byState.closed).toBe(2);
		expect([...rows!.summary.toRectify]).toEqual([['ga', 3]]);
		expect(rows?.inbox).toEqual({
			total: 0,
			overdue: 0,
			byReason: { rectify: 0, reinspect: 0, close: 0, report: 0 }
		});
	});
});

describe('what the kept rows can answer', () => {
	const context = { now: NOW, owners: OWNERS };
	const live = (views: readonly HazardView[], filter: HazardFilter, key: HazardSortKey | null) => {
		const rows = filterHazards(views, filter, context);
		return key === null ? rows : sortHazards(rows, key, 'asc');
	};

	it('a short ledger answers every filter and order exactly, counts included', () => {
		const doc = ledger(30);
		const views = listHazards(doc);
		const part = keep(doc, office).all;
		const filter: HazardFilter = { domain: 'food-hygiene', overdue: true };
		const answer = answerFromFirstRows(part, filter, { key: 'number', dir: 'asc' }, context);
		const expected = live(views, filter, 'number');
		expect(answer).toEqual({ rows: expected, counts: countRows(expected, NOW), partial: false });
		expect(expected.length).toBeGreaterThan(0);
	});

	it('a long one answers the default order: its rows with the kept counts, or the first matches', () => {
		const doc = ledger(120);
		const views = listHazards(doc);
		const part = keep(doc, office).all;
		expect(answerFromFirstRows(part, {}, null, context)).toEqual({
			rows: views.slice(0, FIRST_ROWS),
			counts: countRows(views, NOW),
			partial: true
		});
		const level: HazardFilter = { level: '重大' };
		const first = answerFromFirstRows(part, level, null, context);
		expect(first?.counts).toBeNull();
		expect(first?.partial).toBe(true);
		expect(first?.rows).toEqual(live(views, level, null).slice(0, first!.rows.length));
		// Another order, or no match among the kept rows: not known yet.
		expect(answerFromFirstRows(part, {}, { key: 'deadline', dir: 'asc' }, context)).toBeNull();
		// 隐患11 and 隐患110…119 are among the first 50; 隐患3 and 隐患30…39 are not, so nothing is said.
		expect(answerFromFirstRows(part, { text: '隐患11' }, null, context)?.rows.map((v) => v.place)).toEqual(
			[119, 118, 117, 116, 115, 114, 113, 112, 111, 110].map((i) => `地点${i}`)
		);
		expect(live(views, { text: '隐患3' }, null)).toHaveLength(11);
		expect(answerFromFirstRows(part, { text: '隐患3' }, null, context)).toBeNull();
		expect(answerFromFirstRows(part, { text: '地点1 不在' }, null, context)).toBeNull();
	});

	it('never answers with rows the live ledger would not show first (seeded, many queries)', () => {
		const doc = ledger(150);
		const views = listHazards(doc);
		const parts = [keep(doc, office).all, keep(doc, office, 200).all, keep(doc, generalAffairs).todo!];
		const inbox = selectInbox(views, generalAffairs, OWNERS);
		let seed = 7;
		const random = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % n;
		};
		let answered = 0;
		for (let run = 0; run < 300; run++) {
			const filter: HazardFilter = {};
			if (random(3) === 0) filter.domain = DOMAINS[random(3)];
			if (random(4) === 0) filter.level = '重大';
			if (random(4) === 0) filter.overdue = random(2) === 0;
			if (random(4) === 0) filter.text = `隐患${random(20)}`;
			if (random(5) === 0) filter.dept = 'general-affairs';
			const keys: HazardSortKey[] = ['number', 'foundAt', 'deadline'];
			const key = random(3) === 0 ? keys[random(3)]! : null;
			const p = random(parts.length);
			const answer = answerFromFirstRows(
				parts[p]!,
				filter,
				key === null ? null : { key, dir: 'asc' },
				context
			);
			if (answer === null) continue;
			answered++;
			const expected = live(p === 2 ? inbox : views, filter, key);
			if (answer.partial) expect(answer.rows).toEqual(expected.slice(0, answer.rows.length));
			else expect(answer.rows).toEqual(expected);
			if (answer.counts !== null) expect(answer.counts.total).toBe(expected.length);
		}
		expect(answered).toBeGreaterThan(100);
	});
});

describe('keeping them on the device', () => {
	let items: Map<string, string>;
	let writes: number;
	beforeEach(() => {
		items = new Map();
		writes = 0;
		const storage = {
			getItem: (key: string) => items.get(key) ?? null,
			setItem: (key: string, value: string) => {
				writes++;
				items.set(key, value);
			},
			removeItem: (key: string) => void items.delete(key),
			key: (i: number) => [...items.keys()][i] ?? null,
			get length() {
				return items.size;
			}
		};
		vi.stubGlobal('localStorage', storage);
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	const reader = (member: MemberContext) => ({ id: member.id, role: member.role });

	it('saves once the ledger has been quiet, only when something changed, for one member', () => {
		const doc = ledger(3);
		const keeper = new FirstRowsKeeper({
			workspace: 'ws',
			member: office.id,
			make: () => keep(doc, office),
			delayMs: 1000
		});
		keeper.changed();
		vi.advanceTimersByTime(999);
		expect(loadFirstRows('ws', reader(office))).toBeNull();
		vi.advanceTimersByTime(1);
		expect(loadFirstRows('ws', reader(office))?.all.views.map((v) => v.place)).toEqual([
			'地点2',
			'地点1',
			'地点0'
		]);
		expect(writes).toBe(1);

		// Changes in a burst: one save after the last; the same rows again: no write.
		registerHazard(doc, { place: '新地点', description: '新隐患' }, inspector, 'B', T0 + DAY);
		keeper.changed();
		vi.advanceTimersByTime(600);
		keeper.changed();
		vi.advanceTimersByTime(600);
		expect(loadFirstRows('ws', reader(office))?.all.counts.total).toBe(3);
		vi.advanceTimersByTime(400);
		expect(loadFirstRows('ws', reader(office))?.all.views[0]?.place).toBe('新地点');
		expect(writes).toBe(2);
		keeper.changed();
		vi.advanceTimersByTime(1000);
		expect(writes).toBe(2);

		// Scoped: another workspace, another member, or this member with another role read nothing.
		expect(loadFirstRows('other', reader(office))).toBeNull();
		expect(loadFirstRows('ws', reader(generalAffairs))).toBeNull();
		expect(loadFirstRows('ws', { id: office.id, role: 'viewer' })).toBeNull();
	});

	it('flushes a due save at once, never one due after the member signed out, nothing after stop', () => {
		const doc = ledger(2);
		let signedIn = true;
		const keeper = new FirstRowsKeeper({
			workspace: 'ws',
			member: office.id,
			make: () => keep(doc, office),
			signedIn: () => signedIn
		});
		keeper.flush();
		expect(writes).toBe(0);
		keeper.changed();
		keeper.flush();
		expect(loadFirstRows('ws', reader(office))?.all.counts.total).toBe(2);

		registerHazard(doc, { place: '新地点', description: '新隐患' }, inspector, 'B', T0 + DAY);
		keeper.changed();
		signedIn = false;
		forgetFirstRows();
		keeper.flush();
		expect(loadFirstRows('ws', reader(office))).toBeNull();

		signedIn = true;
		keeper.changed();
		keeper.stop();
		vi.advanceTimersByTime(5000);
		expect(loadFirstRows('ws', reader(office))).toBeNull();
	});

	it('a sign-out forgets every member’s rows and nothing else', () => {
		const doc = ledger(2);
		for (const member of [office, generalAffairs]) {
			const keeper = new FirstRowsKeeper({
				workspace: 'ws',
				member: member.id,
				make: () => keep(doc, member)
			});
			keeper.changed();
			keeper.flush();
		}
		items.set('xiaoan:session', '{}');
		expect(loadFirstRows('ws', reader(generalAffairs))?.todo?.counts.total).toBe(2);
		forgetFirstRows();
		expect(loadFirstRows('ws', reader(office))).toBeNull();
		expect(loadFirstRows('ws', reader(generalAffairs))).toBeNull();
		expect([...items.keys()]).toEqual(['xiaoan:session']);
	});
});
