import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { asOfDoc } from '../../src/lib/model/as-of.ts';
import {
	answerItem,
	initRound,
	readRound,
	setItemNote,
	type AnswerValue
} from '../../src/lib/model/inspection.ts';
import { getHazard, moveHazard, updateHazard, setHazardText } from '../../src/lib/model/ledger.ts';
import { mayRestore, ROLES, type Role } from '../../src/lib/model/permissions.ts';
import { differingBlocks, listVersions, planBody, restoreBody } from '../../src/lib/model/plan.ts';
import {
	planLedgerRestore,
	planRoundRestore,
	restoreLedger,
	restoreRound
} from '../../src/lib/model/restore.ts';
import {
	signOffRound,
	signRound,
	submitRound,
	type LifecycleMember
} from '../../src/lib/model/round-lifecycle.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { expectModelError, syncAll } from './helpers.ts';
import { DAY, OWNERS, T0, generalAffairs, inspector, office, registered } from './ledger-helpers.ts';

/** The document as the server would rebuild it at this moment: a detached copy. */
const snapshot = (doc: Y.Doc) => asOfDoc(Y.encodeStateAsUpdate(doc));

const carol: LifecycleMember = { id: 'm-carol', name: '黄春', role: 'inspector' };
const chief: LifecycleMember = { id: 'm-office', name: '周尹尹', role: 'office' };

function newRound(): { doc: Y.Doc; ids: string[] } {
	const doc = new Y.Doc();
	initRound(doc, {
		id: 'r1',
		title: '3月检查',
		month: '2026-03',
		template: SEED_TEMPLATE,
		actor: chief,
		now: T0
	});
	return { doc, ids: readRound(doc)!.areas.flatMap((area) => area.items.map((item) => item.id)) };
}

type Given = AnswerValue | null | 'conflict';

/** Gives item `id` an answer state: a value (by carol), nothing, or a conflict of two inspectors. */
function give(doc: Y.Doc, id: string, state: Given, at: number): void {
	if (state === null) return;
	if (state !== 'conflict') {
		answerItem(doc, id, state, carol, at);
		return;
	}
	const other = new Y.Doc();
	Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
	answerItem(doc, id, 'pass', carol, at);
	answerItem(other, id, 'fail', { id: 'm-bob', name: '王晓华' }, at);
	syncAll(doc, other);
}

describe('restoring a round', () => {
	// then: the answer at the chosen time; now: what was given after it (on top of then).
	const cases: { name: string; then: Given; now: Given; appended: AnswerValue | null | 'none' }[] = [
		{
			name: 'a pass turned into a failure comes back as a pass',
			then: 'pass',
			now: 'fail',
			appended: 'pass'
		},
		{ name: 'an item answered since is cleared again', then: null, now: 'fail', appended: null },
		{ name: 'a failure passed since comes back as a failure', then: 'fail', now: 'pass', appended: 'fail' },
		{ name: 'n/a turned into a pass comes back', then: 'na', now: 'pass', appended: 'na' },
		{ name: 'an unchanged answer writes nothing', then: 'pass', now: null, appended: 'none' },
		{
			name: 'a conflict since is settled to the old answer',
			then: 'pass',
			now: 'conflict',
			appended: 'pass'
		},
		{ name: 'a conflict then cannot be remade: left alone', then: 'conflict', now: 'pass', appended: 'none' }
	];
	for (const { name, then, now, appended } of cases)
		it(name, () => {
			const { doc, ids } = newRound();
			const id = ids[0]!;
			give(doc, id, then, T0 + 1000);
			const old = snapshot(doc);
			give(doc, id, now, T0 + 2000);
			const before = readRound(doc)!.areas[0]!.items[0]!.history;

			restoreRound(doc, old, chief, T0 + 3000);

			const item = readRound(doc)!.areas[0]!.items[0]!;
			// Nothing shortened or edited: every earlier entry is still there, as it was.
			expect(item.history.slice(0, before.length)).toEqual(before);
			if (appended === 'none') {
				expect(item.history).toHaveLength(before.length);
				return;
			}
			expect(item.history).toHaveLength(before.length + 1);
			const added = item.history.at(-1)!;
			expect(added).toMatchObject({ value: appended, by: chief.id, byName: chief.name });
			expect(added.at).toBeGreaterThanOrEqual(T0 + 3000);
			expect(item.answer?.value ?? null).toBe(appended);
			expect(item.conflict).toEqual([]);
		});

	it('a vandalised round gets its answers and notes back, by the restorer, in one transaction', () => {
		const { doc, ids } = newRound();
		answerItem(doc, ids[0]!, 'pass', carol, T0 + 1);
		answerItem(doc, ids[1]!, 'pass', carol, T0 + 2);
		setItemNote(doc, ids[1]!, '灭火器压力正常', carol);
		const old = snapshot(doc);
		for (const id of ids.slice(0, 4)) {
			answerItem(doc, id, 'fail', carol, T0 + 10);
			setItemNote(doc, id, '乱写一通', carol);
		}
		expect(planRoundRestore(doc, old).items).toHaveLength(4);

		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		restoreRound(doc, old, chief, T0 + 20);
		expect(transactions).toBe(1);

		const items = readRound(doc)!.areas.flatMap((area) => area.items);
		expect(items.slice(0, 4).map((item) => item.answer?.value ?? null)).toEqual(['pass', 'pass', null, null]);
		expect(items.slice(0, 4).map((item) => item.note)).toEqual(['', '灭火器压力正常', '', '']);
		// The restorer, not the vandal or the first inspector, is the author of every new entry.
		for (const item of items.slice(0, 4)) expect(item.history.at(-1)!.by).toBe(chief.id);
		expect(planRoundRestore(doc, old).items).toEqual([]);
	});

	it('a signed-off round is not changed', () => {
		const { doc, ids } = newRound();
		const old = snapshot(doc);
		answerItem(doc, ids[0]!, 'fail', carol, T0 + 1);
		submitRound(doc, carol, T0 + 2);
		signRound(doc, carol, { confirmedByName: true }, T0 + 3);
		signOffRound(doc, chief, T0 + 4);
		expect(planRoundRestore(doc, old).signedOff).toBe(true);
		const state = Y.encodeStateVector(doc);
		expectModelError(() => restoreRound(doc, old, chief, T0 + 5), 'round_signed_off');
		expect(Y.encodeStateVector(doc)).toEqual(state);
	});

	it('a time before the round existed has nothing to restore', () => {
		const { doc } = newRound();
		expectModelError(() => planRoundRestore(doc, new Y.Doc()), 'unknown_record', { record: 'round' });
	});
});

describe('restoring the ledger', () => {
	it('puts fields back, keeps hazards registered since, and never touches the log', () => {
		const { doc, id } = registered(undefined, { level: '重大', ownerPerson: '张三' });
		const old = snapshot(doc);
		updateHazard(doc, id, { level: '一般', deadline: '2026-12-01', ownerPerson: '李四' }, office, OWNERS);
		setHazardText(doc, id, 'measures', '随便写写', office, OWNERS);
		moveHazard(doc, id, 'start', generalAffairs, OWNERS, { now: T0 + DAY });
		const later = registered(doc, { place: '食堂后门' }).id;
		const log = getHazard(doc, id)!.timeline;

		const plan = planLedgerRestore(doc, old, office, OWNERS);
		expect(plan).toMatchObject({ stateKept: 1, registeredSince: 1, blocked: [] });
		expect(plan.hazards).toEqual([
			{
				id,
				number: getHazard(doc, id)!.number,
				fields: ['level', 'ownerPerson', 'deadline', 'measures']
			}
		]);
		restoreLedger(doc, old, office, OWNERS);

		const view = getHazard(doc, id)!;
		expect(view).toMatchObject({ level: '重大', deadline: null, ownerPerson: '张三', measures: '' });
		// The loop is not turned back: the log is as it was, the state too.
		expect(view.timeline).toEqual(log);
		expect(view.state).toBe('rectifying');
		expect(getHazard(doc, later)).not.toBeNull();
		expect(planLedgerRestore(doc, old, office, OWNERS).hazards).toEqual([]);
	});

	it('offers only the fields the member may change: a department head cannot restore the level', () => {
		const { doc, id } = registered(undefined, { level: '重大', ownerDept: 'general-affairs' });
		const old = snapshot(doc);
		updateHazard(doc, id, { level: '一般', ownerPerson: '李四' }, office, OWNERS);
		const plan = planLedgerRestore(doc, old, generalAffairs, OWNERS);
		expect(plan.hazards).toEqual([{ id, number: expect.any(String) as string, fields: ['ownerPerson'] }]);
		expect(plan.blocked).toEqual([{ id, number: expect.any(String) as string, fields: ['level'] }]);
	});

	it('a closed hazard keeps its fields (only remarks may change once closed)', () => {
		const { doc, id } = registered(undefined, { place: '东门', remarks: '' });
		const old = snapshot(doc);
		updateHazard(doc, id, { place: '西门', remarks: '已处理' }, office, OWNERS);
		moveHazard(doc, id, 'start', generalAffairs, OWNERS, { now: T0 + DAY });
		moveHazard(doc, id, 'submit', generalAffairs, OWNERS, { now: T0 + 2 * DAY, comment: '已清理' });
		moveHazard(doc, id, 'passAndClose', office, OWNERS, { now: T0 + 3 * DAY });
		const plan = planLedgerRestore(doc, old, office, OWNERS);
		expect(plan.hazards.map((h) => h.fields)).toEqual([['remarks']]);
		expect(plan.blocked.map((h) => h.fields)).toEqual([['place']]);
		restoreLedger(doc, old, office, OWNERS);
		expect(getHazard(doc, id)).toMatchObject({ place: '西门', remarks: '', state: 'closed' });
	});

	it('an inspector who found the hazard restores only what a finder may edit', () => {
		const { doc, id } = registered(undefined, { place: '东门' });
		const old = snapshot(doc);
		updateHazard(doc, id, { place: '西门', level: '重大' }, office, OWNERS);
		const plan = planLedgerRestore(doc, old, inspector, OWNERS);
		expect(plan.hazards.map((h) => h.fields)).toEqual([['place']]);
	});
});

describe('restoring the plan', () => {
	function paragraphs(doc: Y.Doc, ...texts: string[]): void {
		doc.transact(() => {
			const body = planBody(doc);
			body.delete(0, body.length);
			body.insert(
				0,
				texts.map((text) => {
					const p = new Y.XmlElement('paragraph');
					p.insert(0, [new Y.XmlText(text)]);
					return p;
				})
			);
		});
	}

	it('brings the text of then back as a new change and keeps the text of now as a version', () => {
		const doc = new Y.Doc();
		paragraphs(doc, '一、总则', '二、组织机构');
		const old = snapshot(doc);
		paragraphs(doc, '一、总则', '二、乱改的内容', '三、多出来的');
		// Two blocks where one was: one rewritten, one more.
		expect(differingBlocks(planBody(doc), planBody(old))).toBe(2);
		const auto = restoreBody(doc, planBody(old), '2026-03-03 09:00 时的正文', office, T0);
		expect(planBody(doc).toString()).toBe(planBody(old).toString());
		expect(auto).toMatchObject({ auto: 'restore', by: office.id, name: '2026-03-03 09:00 时的正文' });
		expect(listVersions(doc)).toHaveLength(1);
		expect(restoreBody(doc, planBody(old), 'x', office, T0)).toBeNull();
	});
});

describe('who may restore', () => {
	it('the office restores the ledger, rounds and the plan; a leader the plan alone', () => {
		const table = Object.fromEntries(
			ROLES.map((role: Role) => [
				role,
				(['ledger', 'inspection', 'plan'] as const).filter((k) => mayRestore(role, k))
			])
		);
		expect(table).toEqual({
			leader: ['plan'],
			office: ['ledger', 'inspection', 'plan'],
			dept: [],
			inspector: [],
			viewer: []
		});
	});
});
