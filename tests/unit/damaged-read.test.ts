import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listDrills } from '../../src/lib/model/drills.ts';
import { listDomains, listPeople } from '../../src/lib/model/duty.ts';
import { answerItem, initRound, readRound } from '../../src/lib/model/inspection.ts';
import { listHazards, moveHazard, registerHazard } from '../../src/lib/model/ledger.ts';
import { listRounds, readWorkspace } from '../../src/lib/model/meta.ts';
import { listVersions } from '../../src/lib/model/plan.ts';
import type { ReadProblem } from '../../src/lib/model/read.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { alice } from './helpers.ts';
import { OWNERS, generalAffairs, inspector } from './ledger-helpers.ts';

/**
 * Documents broken by hand, the way one hostile or buggy update can break them: readers must show
 * the valid part and name the bad one, never throw (a throw froze an open round and left the page
 * on "正在从本机读取…" after a reload).
 */

/** A value whose `String()` and `Number()` throw: both try `toString`/`valueOf`, neither callable. */
const HOSTILE = { toString: 1, valueOf: 1 };
const T0 = Date.UTC(2026, 10, 3, 1, 0, 0);

function brokenRound(): { doc: Y.Doc; itemIds: string[] } {
	const doc = new Y.Doc();
	initRound(doc, {
		id: 'r1',
		title: '十一月检查',
		month: '2026-11',
		template: SEED_TEMPLATE,
		actor: alice,
		now: T0
	});
	const itemIds = [...doc.getMap('items').keys()].sort();
	answerItem(doc, itemIds[0]!, 'pass', alice, T0 + 1);
	answerItem(doc, itemIds[2]!, 'fail', alice, T0 + 2);
	doc.transact(() => {
		const items = doc.getMap<unknown>('items');
		(items.get(itemIds[0]!) as Y.Map<unknown>).set('answers', 'pass');
		(items.get(itemIds[1]!) as Y.Map<unknown>).set('note', 42);
		(items.get(itemIds[1]!) as Y.Map<unknown>).set('text', HOSTILE);
		items.set(itemIds[3]!, 'not an item');
		const round = doc.getMap<unknown>('round');
		round.set('title', 42);
		round.set('createdBy', 'nobody');
		const area = [...doc.getMap<Y.Map<unknown>>('areas').values()][0]!;
		area.set('order', HOSTILE);
	});
	return { doc, itemIds };
}

describe('readers on damaged documents', () => {
	it('reads the valid part of a round and reports the bad parts', () => {
		const { doc, itemIds } = brokenRound();
		const view = readRound(doc);
		expect(view).not.toBeNull();
		const items = view!.areas.flatMap((area) => area.items);
		const total = SEED_TEMPLATE.areas.reduce((n, area) => n + area.items.length, 0);
		// The item replaced by a string is skipped; every other item shows.
		expect(items).toHaveLength(total - 1);
		expect(items.find((item) => item.id === itemIds[2])?.answer?.value).toBe('fail');
		const damaged = items.find((item) => item.id === itemIds[0]);
		expect(damaged?.answer).toBeNull();
		expect(damaged?.text).not.toBe('');
		expect(items.find((item) => item.id === itemIds[1])?.text).toBe('');
		expect(view!.title).toBe('');
		expect(view!.progress.fail).toBe(1);
		const problems: ReadProblem[] = view!.problems;
		expect(problems).toEqual(
			expect.arrayContaining([
				{ record: 'checklistItem', id: itemIds[0], field: 'answers' },
				{ record: 'checklistItem', id: itemIds[1], field: 'note' },
				{ record: 'checklistItem', id: itemIds[3] },
				{ record: 'round', id: 'r1', field: 'title' },
				{ record: 'round', id: 'r1', field: 'createdBy' }
			])
		);
	});

	it('reads a ledger whose records are damaged', () => {
		const doc = new Y.Doc();
		const a = registerHazard(doc, { place: '操场', description: '围栏松动' }, inspector, 'B', T0);
		const b = registerHazard(
			doc,
			{ place: '食堂', description: '灭火器过期', ownerDept: 'general-affairs' },
			inspector,
			'B',
			T0 + 1
		);
		moveHazard(doc, b.id, 'start', generalAffairs, OWNERS, { now: T0 + 2 });
		doc.transact(() => {
			const hazards = doc.getMap<unknown>('hazards');
			(hazards.get(a.id) as Y.Map<unknown>).set('log', 'closed');
			(hazards.get(a.id) as Y.Map<unknown>).set('place', HOSTILE);
			(hazards.get(a.id) as Y.Map<unknown>).set('source', { roundId: 'r', itemId: 7 });
			(hazards.get(a.id) as Y.Map<unknown>).set('funds', HOSTILE);
			(hazards.get(a.id) as Y.Map<unknown>).set('measures', 'not a text');
			hazards.set('junk', 12);
			(hazards.get(a.id) as Y.Map<unknown>).set('init', 'not an object');
		});
		const problems: ReadProblem[] = [];
		const views = listHazards(doc, problems);
		expect(views.map((h) => [h.id, h.state])).toEqual([
			[b.id, 'rectifying'],
			[a.id, 'registered']
		]);
		expect(views[1]?.place).toBe('');
		expect(views[1]?.source).toBeNull();
		expect(views[1]?.funds).toBeNull();
		expect(views[1]?.measures).toBe('');
		// a's registered fields went with its `init`; its description did not.
		expect(views[1]).toMatchObject({ number: '', foundAt: 0, description: '围栏松动' });
		expect(problems).toEqual([
			{ record: 'hazard', id: a.id, field: 'init' },
			{ record: 'hazard', id: a.id, field: 'log' },
			{ record: 'hazard', id: a.id, field: 'measures' },
			{ record: 'hazard', id: a.id, field: 'funds' },
			{ record: 'hazard', id: 'junk' }
		]);
	});

	it('reads meta, duty, plan and drills holding values of the wrong type', () => {
		const doc = new Y.Doc();
		doc.transact(() => {
			doc.getMap<unknown>('workspace').set('name', '示范学校');
			doc.getMap<unknown>('workspace').set('createdAt', HOSTILE);
			doc.getMap<unknown>('workspace').set('createdBy', HOSTILE);
			const round = new Y.Map<unknown>();
			doc.getMap<unknown>('rounds').set('r1', round);
			round.set('title', HOSTILE);
			round.set('month', 202611);
			doc.getMap<unknown>('rounds').set('r2', 'junk');
			const domain = new Y.Map<unknown>();
			doc.getMap<unknown>('domains').set('d1', domain);
			domain.set('title', HOSTILE);
			domain.set('owners', Y.Array.from<string | number | object>(['office', 3, { x: 1 }]));
			const person = new Y.Map<unknown>();
			doc.getMap<unknown>('people').set('p1', person);
			person.set('name', HOSTILE);
			const version = new Y.Map<unknown>();
			doc.getMap<unknown>('versions').set('v1', version);
			version.set('name', HOSTILE);
			version.set('at', 'yesterday');
			const drill = new Y.Map<unknown>();
			doc.getMap<unknown>('drills').set('x1', drill);
			drill.set('startAt', HOSTILE);
			drill.set('notes', 'not a text');
		});
		expect(readWorkspace(doc)).toMatchObject({
			name: '示范学校',
			createdAt: 0,
			createdBy: { id: '', name: '' }
		});
		expect(listRounds(doc)).toMatchObject([{ id: 'r1', title: '', month: '' }]);
		expect(listDomains(doc)).toMatchObject([{ id: 'd1', title: '', owners: ['office'] }]);
		expect(listPeople(doc)).toMatchObject([{ id: 'p1', name: '' }]);
		expect(listVersions(doc)).toMatchObject([{ id: 'v1', name: '', at: 0, size: 0 }]);
		expect(listDrills(doc)).toMatchObject([{ id: 'x1', startAt: 0, notes: '' }]);
	});
});
