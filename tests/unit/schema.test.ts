import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyDerived } from '../../src/lib/model/derived.ts';
import type { DocumentKind } from '../../src/lib/model/documents.ts';
import { addDrill } from '../../src/lib/model/drills.ts';
import { addPerson, seedDuty, setDomainLead } from '../../src/lib/model/duty.ts';
import {
	addItemPhoto,
	answerItem,
	initRound,
	setItemNote,
	setRoundTitle
} from '../../src/lib/model/inspection.ts';
import {
	moveHazard,
	registerHazard,
	reportHazard,
	setHazardText,
	updateHazard
} from '../../src/lib/model/ledger.ts';
import { initWorkspace, setDrillFrequency } from '../../src/lib/model/meta.ts';
import { runMigrations } from '../../src/lib/model/migrations.ts';
import { planBody, saveVersion } from '../../src/lib/model/plan.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import {
	checkDocument,
	checkTransaction,
	defineRoots,
	type ShapeProblem
} from '../../src/lib/model/schema/check.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { alice, photoHash } from './helpers.ts';
import { OWNERS, generalAffairs, inspector, office } from './ledger-helpers.ts';

const T0 = Date.UTC(2026, 10, 3, 1, 0, 0);

/** A document of `kind` whose every transaction is checked; the problems found so far. */
function watched(kind: DocumentKind): { doc: Y.Doc; problems: ShapeProblem[] } {
	const doc = new Y.Doc();
	defineRoots(kind, doc);
	const problems: ShapeProblem[] = [];
	doc.on('afterTransaction', (tr: Y.Transaction) => problems.push(...checkTransaction(kind, tr)));
	return { doc, problems };
}

function round(): { doc: Y.Doc; problems: ShapeProblem[]; item: Y.Map<unknown>; itemId: string } {
	const w = watched('inspection');
	initRound(w.doc, {
		id: 'r1',
		title: '检查',
		month: '2026-11',
		template: SEED_TEMPLATE,
		actor: alice,
		now: T0
	});
	const itemId = [...w.doc.getMap('items').keys()].sort()[0]!;
	return { ...w, item: w.doc.getMap<Y.Map<unknown>>('items').get(itemId)!, itemId };
}

describe('document schemas', () => {
	it('accept everything the model writes', () => {
		const r = round();
		answerItem(r.doc, r.itemId, 'fail', alice, T0 + 1);
		answerItem(r.doc, r.itemId, null, alice, T0 + 2);
		setItemNote(r.doc, r.itemId, '门锁损坏', alice);
		addItemPhoto(r.doc, r.itemId, photoHash(1), alice, 'phone', 1000);
		setRoundTitle(r.doc, '新名称', alice);
		runMigrations(r.doc, 'inspection');

		const meta = watched('meta');
		initWorkspace(meta.doc, { name: '示范学校', actor: alice, now: T0 });
		setDrillFrequency(meta.doc, 'month', alice);
		createRound(meta.doc, new Y.Doc(), { title: '十一月', month: '2026-11', actor: alice, now: T0 });
		const stats = { total: 1, answered: 0, pass: 0, fail: 0, na: 0, status: 'not_started' as const };
		applyDerived(meta.doc, {
			round: { id: 'r1', stats: { ...stats, lastChangeAt: T0, lastChangeBy: '' } },
			versions: [['ledger', 3]]
		});

		const ledger = watched('ledger');
		const hazard = registerHazard(
			ledger.doc,
			{ place: '操场', description: '围栏', level: '重大', domain: 'food-hygiene', funds: 20 },
			inspector,
			'B',
			T0
		);
		moveHazard(ledger.doc, hazard.id, 'start', generalAffairs, OWNERS, { now: T0 + 1 });
		moveHazard(ledger.doc, hazard.id, 'submit', generalAffairs, OWNERS, { now: T0 + 2, comment: '已修' });
		moveHazard(ledger.doc, hazard.id, 'reject', inspector, OWNERS, {
			comment: '未修好',
			deadline: '2026-12-09'
		});
		updateHazard(
			ledger.doc,
			hazard.id,
			{ deadline: '2026-12-01', place: '东操场', ownerPerson: '王' },
			office,
			OWNERS
		);
		setHazardText(ledger.doc, hazard.id, 'measures', '加固', generalAffairs, OWNERS);
		reportHazard(ledger.doc, hazard.id, { ref: '3号', at: T0 + 2 }, office, OWNERS);
		runMigrations(ledger.doc, 'ledger');

		const duty = watched('duty');
		seedDuty(duty.doc);
		const person = addPerson(duty.doc, { name: '王老师', post: '主任' }, alice, T0);
		setDomainLead(duty.doc, [...duty.doc.getMap('domains').keys()][0]!, person.id, alice);

		const plan = watched('plan');
		planBody(plan.doc).insert(0, [new Y.XmlText('一、总则')]);
		saveVersion(plan.doc, '2026 秋季修订', alice, T0);

		const drills = watched('drills');
		const drill = {
			kind: 'fire',
			mode: 'full',
			place: '操场',
			evacuationSeconds: 150,
			headcount: 900
		} as const;
		addDrill(drills.doc, { ...drill, name: '消防疏散', startAt: T0, endAt: T0 + 3_600_000 }, alice, T0);

		for (const [kind, w] of [
			['inspection', r],
			['meta', meta],
			['ledger', ledger],
			['duty', duty],
			['plan', plan],
			['drills', drills]
		] as const) {
			expect(w.problems, kind).toEqual([]);
			expect(checkDocument(kind, w.doc), kind).toEqual([]);
		}
	});

	it('name what a poisoned change breaks', () => {
		const r = round();
		r.item.set('answers', 'pass');
		expect(r.problems).toEqual([{ path: `items/${r.itemId}/answers`, reason: 'wrong_type' }]);
		r.problems.length = 0;
		r.doc.getMap('items').set(r.itemId, 'junk');
		r.doc.getMap('round').set('title', 42);
		r.doc.getMap('items').set('new', new Y.Map());
		expect(r.problems).toEqual(
			expect.arrayContaining([
				{ path: `items/${r.itemId}`, reason: 'wrong_type' },
				{ path: 'round/title', reason: 'wrong_type' },
				{ path: 'items/new', reason: 'wrong_type' }
			])
		);
		const other = round();
		other.item.delete('note');
		(other.item.get('answers') as Y.Array<unknown>).push([{ id: 'x', value: 'maybe', by: 'm', at: 1 }]);
		other.doc.getMap('areas').set('a', new Y.Map());
		other.doc.getMap('unknownRoot').set('anything', 1);
		expect(other.problems).toEqual([
			{ path: `items/${other.itemId}/note`, reason: 'missing' },
			{ path: `items/${other.itemId}/answers`, reason: 'wrong_type' }
		]);
	});
});
