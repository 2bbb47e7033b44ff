import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acceptRule, listComplianceRules, removeRule } from '../../src/lib/model/compliance.ts';
import { listDomains, seedDuty } from '../../src/lib/model/duty.ts';
import { readGroup } from '../../src/lib/model/duty-leadership.ts';
import { initWorkspace, readWorkspace, setDrillFrequency } from '../../src/lib/model/meta.ts';
import { importPlan, planBodyText } from '../../src/lib/model/plan-body.ts';
import { derivePlan, type PlanDerivation } from '../../src/lib/model/plan-derive.ts';
import { parsePlan } from '../../src/lib/model/plan-import.ts';
import {
	acceptProposal,
	mayDecide,
	planProposals,
	type Proposal,
	type ProposalState
} from '../../src/lib/model/plan-proposals.ts';
import { readRejections, rejectProposal, unrejectProposal } from '../../src/lib/model/plan-rejections.ts';
import { listVersions } from '../../src/lib/model/plan.ts';
import { readSchedule, setInspectionSchedule } from '../../src/lib/model/schedule.ts';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import { alice, bob, expectModelError } from './helpers.ts';
import { EXAMPLE, readPlanText, SECOND } from './plan-fixtures.ts';

const derive = (text: string): PlanDerivation => derivePlan(parsePlan(text));
const example = derive(readPlanText(EXAMPLE));
/** The principal's quarterly meeting in the example, and the same chaired by the secretary. */
const CHAIRED = '每季度至少主持召开一次';
const BY_SECRETARY = '每季度由书记主持召开一次';

interface Board {
	duty: Y.Doc;
	meta: Y.Doc;
	plan: Y.Doc;
}

function board(seeded: boolean): Board {
	const duty = new Y.Doc();
	if (seeded) seedDuty(duty);
	const meta = new Y.Doc();
	initWorkspace(meta, { name: '集善中学', actor: alice });
	return { duty, meta, plan: new Y.Doc() };
}

const proposalsOf = (derivation: PlanDerivation, { duty, meta, plan }: Board) =>
	planProposals(derivation, { duty, meta, rejections: readRejections(plan) });

const states = (proposals: Proposal[]) => Object.fromEntries(proposals.map((p) => [p.key, p.state]));
const find = (proposals: Proposal[], key: string): Proposal => {
	const found = proposals.find((p) => p.key === key);
	if (!found) throw new Error(`no proposal ${key}`);
	return found;
};

describe('planProposals on the example plan', () => {
	it('proposes the group, the office, nine domains, seven departments and five rules', () => {
		const keys = proposalsOf(example, board(false)).map((p) => p.key);
		expect(keys).toEqual([
			'group',
			'office',
			...example.domains.map((d) => `domain:${d.title}`),
			...example.departments.map((d) => `department:${d.name}`),
			'rule:inspection:month',
			'rule:drill:semester',
			'rule:meeting:quarter',
			'rule:letters:any',
			'rule:education:day'
		]);
		expect(keys.filter((key) => key.startsWith('domain:'))).toHaveLength(9);
		expect(keys.filter((key) => key.startsWith('department:'))).toHaveLength(7);
	});

	// What each board shows the first time, and after accepting one proposal.
	const cases: {
		name: string;
		seeded: boolean;
		accept?: string[];
		text?: (text: string) => string;
		expected: Record<string, ProposalState>;
	}[] = [
		{
			name: 'an empty board: everything is new',
			seeded: false,
			expected: {
				group: 'new',
				office: 'new',
				'domain:学校内部安全管理': 'new',
				'rule:meeting:quarter': 'new'
			}
		},
		{
			name: 'the seeded board: its nine domains came from this plan; one title is worded otherwise',
			seeded: true,
			expected: {
				group: 'new',
				'domain:学校内部安全管理': 'same',
				'domain:网络媒体社情民意等舆情安全': 'same',
				'domain:学校的教学活动安全管理': 'differs',
				// The seeded departments have no duties yet.
				'department:总务处': 'new'
			}
		},
		{
			name: 'after accepting the group, the group is the same',
			seeded: true,
			accept: ['group', 'rule:meeting:quarter', 'department:总务处'],
			expected: { group: 'same', office: 'new', 'rule:meeting:quarter': 'same', 'department:总务处': 'same' }
		},
		{
			name: 'a changed text differs from what was accepted',
			seeded: true,
			accept: ['group', 'office', 'rule:meeting:quarter'],
			text: (text) => text.replace('组  长：王晓芳', '组  长：陈刚').replace(CHAIRED, BY_SECRETARY),
			expected: { group: 'differs', office: 'same', 'rule:meeting:quarter': 'differs' }
		},
		{
			name: 'a meeting at another period replaces the accepted one: it differs',
			seeded: true,
			accept: ['rule:meeting:quarter'],
			text: (text) => text.replace(CHAIRED, '每月至少主持召开一次'),
			expected: { 'rule:meeting:month': 'differs' }
		}
	];

	it.each(cases)('$name', ({ seeded, accept = [], text, expected }) => {
		const docs = board(seeded);
		const first = proposalsOf(example, docs);
		for (const key of accept) acceptProposal(find(first, key), docs, alice, 1_000);
		const derivation = text ? derive(text(readPlanText(EXAMPLE))) : example;
		expect(states(proposalsOf(derivation, docs))).toMatchObject(expected);
		expect(checkDocument('duty', docs.duty)).toEqual([]);
		expect(checkDocument('meta', docs.meta)).toEqual([]);
	});

	it('the changed text is really in the example (the cases above rely on it)', () => {
		expect(readPlanText(EXAMPLE)).toContain('组  长：王晓芳');
		const changed = readPlanText(EXAMPLE).replace(CHAIRED, BY_SECRETARY);
		expect(derive(changed).rules.find((r) => r.kind === 'meeting')?.chair).toBe('书记');
	});
});

describe('acceptProposal', () => {
	it('writes the group and the domains into the duty board', () => {
		const docs = board(true);
		const proposals = proposalsOf(example, docs);
		acceptProposal(find(proposals, 'group'), docs, alice);
		acceptProposal(find(proposals, 'domain:学校的教学活动安全管理'), docs, alice);
		expect(readGroup(docs.duty)).toEqual(example.group);
		expect(listDomains(docs.duty).find((d) => d.id === 'teaching-activities')).toMatchObject({
			title: '学校的教学活动安全管理',
			owners: ['academic-affairs', 'moral-education']
		});
		expect(Object.values(states(proposalsOf(example, docs))).filter((s) => s === 'differs')).toEqual([]);
	});

	it('adds the departments a new domain names, once', () => {
		const docs = board(true);
		const second = derive(readPlanText(SECOND));
		const proposals = proposalsOf(second, docs);
		acceptProposal(find(proposals, 'domain:校园治安与门卫管理'), docs, alice);
		const states2 = states(proposalsOf(second, docs));
		expect(states2['domain:校园治安与门卫管理']).toBe('same');
		// 保卫科 now exists, without duties: still new.
		expect(states2['department:保卫科']).toBe('new');
		acceptProposal(find(proposalsOf(second, docs), 'department:保卫科'), docs, alice);
		expect(states(proposalsOf(second, docs))['department:保卫科']).toBe('same');
	});

	it('never clears what the plan leaves empty: no location stays the location set before', () => {
		const docs = board(true);
		const withLocation = derive(readPlanText(SECOND));
		acceptProposal(find(proposalsOf(withLocation, docs), 'office'), docs, alice);
		acceptProposal(find(proposalsOf(example, docs), 'office'), docs, alice);
		const office = find(proposalsOf(example, docs), 'office');
		expect(office.state).toBe('same');
		expect(office.current).toEqual({ location: '保卫科', director: '周尹尹', deputy: '王晓华' });
	});

	it('rules set the schedule and the drill frequency they decide', () => {
		const docs = board(true);
		setInspectionSchedule(docs.meta, { cadence: 'off', dueDay: 20 }, alice);
		setDrillFrequency(docs.meta, 'month', alice);
		const proposals = proposalsOf(example, docs);
		expect(find(proposals, 'rule:inspection:month').state).toBe('new');
		acceptProposal(find(proposals, 'rule:inspection:month'), docs, alice);
		acceptProposal(find(proposals, 'rule:drill:semester'), docs, alice);
		expect(readSchedule(docs.meta)).toEqual({ cadence: 'monthly', dueDay: 20 });
		expect(readWorkspace(docs.meta)?.drillFrequency).toBe('semester');
		// A setting changed afterwards makes the accepted rule differ again.
		setDrillFrequency(docs.meta, 'month', bob);
		expect(find(proposalsOf(example, docs), 'rule:drill:semester')).toMatchObject({
			state: 'differs',
			current: { setting: { kind: 'drillFrequency', value: 'month' } }
		});
	});
});

describe('rejections', () => {
	it('hold while the text proposes the same, and lapse when it proposes something else', () => {
		const docs = board(true);
		const meeting = find(proposalsOf(example, docs), 'rule:meeting:quarter');
		rejectProposal(docs.plan, meeting, alice, 5);
		expect(find(proposalsOf(example, docs), 'rule:meeting:quarter').rejected).toBe(true);
		const changed = derive(readPlanText(EXAMPLE).replace(CHAIRED, BY_SECRETARY));
		expect(find(proposalsOf(changed, docs), 'rule:meeting:quarter').rejected).toBe(false);
		unrejectProposal(docs.plan, 'rule:meeting:quarter', bob);
		expect(find(proposalsOf(example, docs), 'rule:meeting:quarter').rejected).toBe(false);
		expect(checkDocument('plan', docs.plan)).toEqual([]);
		expectModelError(() => unrejectProposal(docs.plan, 'rule:meeting:quarter', bob), 'unknown_record');
	});

	it('are decided by those who write the plan and the target document', () => {
		expect(mayDecide('leader', 'duty')).toBe(true);
		expect(mayDecide('office', 'meta')).toBe(true);
		expect(mayDecide('dept', 'duty')).toBe(false);
		expect(mayDecide('inspector', 'duty')).toBe(false);
		expect(mayDecide('viewer', 'meta')).toBe(false);
	});
});

describe('compliance rules in meta', () => {
	it('keeps one drill rule, several inspection periods, and refuses a malformed rule', () => {
		const { meta } = board(true);
		acceptRule(meta, { kind: 'drill', every: 'semester', times: 2 }, alice, 1);
		acceptRule(meta, { kind: 'drill', every: 'month' }, alice, 2);
		acceptRule(meta, { kind: 'inspection', every: 'week' }, alice, 3);
		acceptRule(meta, { kind: 'inspection', every: 'month' }, alice, 4);
		expect(listComplianceRules(meta).map((r) => r.key)).toEqual([
			'inspection:week',
			'inspection:month',
			'drill:month'
		]);
		expectModelError(
			() => acceptRule(meta, { kind: 'drill', every: 'fortnight' as 'week' }, alice),
			'not_one_of',
			{
				field: 'complianceRule'
			}
		);
		expectModelError(
			() => acceptRule(meta, { kind: 'meeting', every: 'quarter', chair: '校'.repeat(31) }, alice),
			'too_long',
			{
				field: 'chair'
			}
		);
		removeRule(meta, 'inspection:week', bob);
		expect(listComplianceRules(meta).map((r) => r.key)).toEqual(['inspection:month', 'drill:month']);
		expect(checkDocument('meta', meta)).toEqual([]);
	});

	it('the schema refuses a rule of the wrong shape', () => {
		const { meta } = board(true);
		meta.getMap('compliance').set('drill:month', { kind: 'drill', every: 'fortnight', acceptedAt: 1 });
		expect(checkDocument('meta', meta)).toEqual([{ path: 'compliance', reason: 'wrong_type' }]);
	});
});

describe('importPlan', () => {
	it('fills an empty body, and saves the text there as a version before replacing it', () => {
		const doc = new Y.Doc();
		const parsed = parsePlan(readPlanText(EXAMPLE));
		expect(importPlan(doc, parsed, alice, Date.UTC(2026, 10, 29))).toBeNull();
		expect(listVersions(doc)).toEqual([]);
		const text = planBodyText(doc);
		expect(text).toContain('一、指导思想');
		// The body reads back to the same derivation.
		expect(derive(text)).toEqual(example);

		const saved = importPlan(doc, parsePlan(readPlanText(SECOND)), bob, Date.UTC(2026, 10, 30));
		expect(saved?.name).toBe('导入前 2026-11-30');
		expect(listVersions(doc).map((v) => v.name)).toEqual(['导入前 2026-11-30']);
		expect(planBodyText(doc)).not.toContain('一、指导思想');
	});
});
