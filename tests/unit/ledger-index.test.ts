import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { numberScans } from '../../src/lib/model/hazard-number.ts';
import {
	hazardReads,
	listHazards,
	moveHazard,
	registerHazard,
	setHazardText,
	updateHazard
} from '../../src/lib/model/ledger.ts';
import { LedgerIndex } from '../../src/lib/model/ledger-index.ts';
import { syncAll } from './helpers.ts';
import { DAY, OWNERS, T0, basic, generalAffairs, inspector, office, registered } from './ledger-helpers.ts';

function ledgerOf(count: number): { doc: Y.Doc; ids: string[] } {
	const doc = new Y.Doc();
	const ids = Array.from(
		{ length: count },
		(_, i) =>
			registerHazard(
				doc,
				{ ...basic, domain: 'food-hygiene', foundAt: T0 + i * 1000 },
				inspector,
				'B',
				T0 + i
			).id
	);
	return { doc, ids };
}

describe('LedgerIndex', () => {
	it('reads every record once, then only the records a change touched', () => {
		const { doc, ids } = ledgerOf(40);
		const index = new LedgerIndex(doc);
		expect(index.reads).toBe(40);
		const before = index.views;
		expect(before.map((h) => h.id)).toEqual(listHazards(doc).map((h) => h.id));
		expect(index.views).toBe(before);

		// A keystroke: one record read again, a new array, every other view the same object.
		setHazardText(doc, ids[7]!, 'description', '通道堆放杂物，影响疏散！', inspector, OWNERS);
		const after = index.views;
		expect(index.reads).toBe(41);
		expect(after).not.toBe(before);
		expect(after.filter((view, i) => view !== before[i]).map((h) => h.id)).toEqual([ids[7]]);
		expect(index.get(ids[7]!)?.description).toBe('通道堆放杂物，影响疏散！');
		expect(index.views).toBe(after);
		expect(index.reads).toBe(41);
	});

	it('re-reads only the records a remote update touched', () => {
		const { doc, ids } = ledgerOf(30);
		const other = new Y.Doc();
		syncAll(doc, other);
		const index = new LedgerIndex(doc);
		const before = index.views;
		moveHazard(other, ids[1]!, 'start', generalAffairs, OWNERS, { now: T0 + DAY });
		updateHazard(other, ids[2]!, { funds: 80 }, generalAffairs, OWNERS);
		setHazardText(other, ids[3]!, 'measures', '更换', generalAffairs, OWNERS);
		syncAll(doc, other);
		const after = index.views;
		expect(index.reads - 30).toBe(3);
		expect(new Set(after.filter((view) => !before.includes(view)).map((h) => h.id))).toEqual(
			new Set([ids[1], ids[2], ids[3]])
		);
		expect(after).toEqual(listHazards(doc));
	});

	it('places new and re-dated records in order, drops removed ones and reports junk', () => {
		const { doc, ids } = ledgerOf(10);
		const index = new LedgerIndex(doc);
		const notified: number[] = [];
		const stop = index.subscribe(() => notified.push(index.version));
		const newest = registerHazard(doc, { ...basic, foundAt: T0 + DAY }, office, 'A', T0).id;
		updateHazard(doc, ids[0]!, { foundAt: T0 + 2 * DAY }, office, OWNERS);
		doc.getMap('hazards').delete(ids[5]!);
		doc.getMap('hazards').set('junk', 42);
		expect(index.views.map((h) => h.id)).toEqual(listHazards(doc).map((h) => h.id));
		expect(index.views.slice(0, 2).map((h) => h.id)).toEqual([ids[0], newest]);
		expect(index.get(ids[5]!)).toBeNull();
		expect(index.problems).toEqual([{ record: 'hazard', id: 'junk' }]);
		expect(notified).toHaveLength(4);
		stop();
		index.destroy();
		registerHazard(doc, basic, office, 'A', T0);
		expect(notified).toHaveLength(4);
	});

	it('registering 10,000 entries reads each new record a bounded number of times', () => {
		const doc = new Y.Doc();
		const index = new LedgerIndex(doc);
		const reads = hazardReads.count;
		const scans = numberScans.records;
		let seen = index.views;
		for (let i = 0; i < 10_000; i++) {
			registerHazard(doc, { ...basic, foundAt: T0 + (i % 97) * 1000 }, inspector, 'B', T0 + i);
			// The UI takes the new array after every transaction.
			seen = index.views;
		}
		expect(seen).toHaveLength(10_000);
		// One read for registerHazard's own view, one for the index: linear, not quadratic.
		expect(hazardReads.count - reads).toBe(20_000);
		expect(numberScans.records - scans).toBe(0);
		expect(index.reads).toBe(10_000);
	});

	it('summarises counts once per change and day', () => {
		const doc = new Y.Doc();
		const open = registered(doc, { deadline: '2026-11-05' }).id;
		registered(doc, { ownerDept: 'security', level: '重大' });
		const later = registered(doc, { deadline: '2026-11-30' }).id;
		moveHazard(doc, later, 'start', generalAffairs, OWNERS, { now: T0 + 1 });
		const index = new LedgerIndex(doc);
		const context = { now: T0 + 5 * DAY, owners: OWNERS };
		const summary = index.summary(context);
		expect(summary).toMatchObject({
			total: 3,
			byState: { registered: 2, rectifying: 1, awaiting_reinspection: 0, verified: 0, closed: 0 },
			overdue: 1,
			major: 1,
			reportOwed: 1
		});
		expect(Object.fromEntries(summary.toRectify)).toEqual({ 'general-affairs': 2, security: 3 });
		expect(Object.fromEntries(summary.overdueToRectify)).toEqual({ 'general-affairs': 1, security: 1 });
		expect(index.summary({ ...context, now: context.now + 1000 })).toBe(summary);
		expect(index.summary({ ...context, now: context.now + DAY }).overdue).toBe(1);
		moveHazard(doc, open, 'start', generalAffairs, OWNERS, { now: T0 + 2 });
		expect(index.summary(context).byState.rectifying).toBe(2);
	});

	it('names numbers a hostile update made twice', () => {
		const { doc, ids } = ledgerOf(3);
		const index = new LedgerIndex(doc);
		expect(index.clashes.size).toBe(0);
		(doc.getMap('hazards').get(ids[2]!) as Y.Map<unknown>).set('number', '2026-11-B-001');
		expect([...index.clashes.keys()]).toEqual(['2026-11-B-001']);
		expect(new Set(index.clashes.get('2026-11-B-001'))).toEqual(new Set([ids[0], ids[2]]));
	});
});
