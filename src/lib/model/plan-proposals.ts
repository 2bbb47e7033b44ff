import type * as Y from 'yjs';
import {
	acceptRule,
	drillFrequencyOf,
	isSingleKind,
	listComplianceRules,
	ruleKey,
	type ComplianceRule
} from './compliance.ts';
import type { DocumentKind } from './documents.ts';
import { listDepartments, listDomains } from './duty.ts';
import {
	addDepartment,
	addDomain,
	departmentByName,
	sameName,
	setDepartmentDuties,
	updateDomain
} from './duty-edit.ts';
import {
	GROUP_ROLES,
	OFFICE_FIELDS,
	readGroup,
	readOffice,
	setGroup,
	setOffice,
	type LeadershipGroup,
	type SafetyOffice
} from './duty-leadership.ts';
import { hex8 } from './hash.ts';
import { readWorkspace } from './meta.ts';
import { localOrigin, type Actor } from './origin.ts';
import { canWrite, type Role } from './permissions.ts';
import type { PlanDepartment, PlanDerivation } from './plan-derive.ts';
import type { PlanDomain } from './plan-domains.ts';
import type { PlanGroup, PlanOffice } from './plan-group.ts';
import { isRejected, type Rejections } from './plan-rejections.ts';
import type { PlanRule } from './plan-rules.ts';
import { readSchedule } from './schedule.ts';

/**
 * The plan's derivation (plan-derive.ts) as proposals, each compared with what the duty board and
 * the settings hold now, to be accepted or rejected one by one. Nothing is written without a
 * person accepting that one proposal, and accepting writes only what the plan states: a field the
 * plan leaves empty keeps what the board holds.
 *
 *   new      the board holds nothing for it yet
 *   differs  the board holds something else (both are shown)
 *   same     the board holds what the plan says: nothing to do
 *
 * A rejected proposal stays rejected while the plan's text gives the same proposal (its
 * fingerprint); when the text changes what it proposes, it is proposed again (plan-rejections.ts).
 */
export type ProposalState = 'new' | 'differs' | 'same';
export type ProposalTarget = 'duty' | 'meta';

interface Common {
	/** Stable per subject: `group`, `office`, `domain:<title>`, `department:<name>`, `rule:<kind>:<every>`. */
	key: string;
	/** The hash of what is proposed: a rejection holds while it matches. */
	fingerprint: string;
	state: ProposalState;
	rejected: boolean;
	/** The document accepting it writes. */
	target: ProposalTarget;
}

export interface DomainNow {
	id: string;
	title: string;
	/** Owner department names, lead first. */
	owners: string[];
}

export interface DepartmentNow {
	id: string;
	name: string;
	duties: string;
}

/** What the settings hold for a rule: the accepted rule, and the setting it decides, if any. */
export interface RuleNow {
	rule: ComplianceRule | null;
	/** The inspection schedule's cadence or the drill frequency where they disagree with the rule. */
	setting: { kind: 'schedule'; cadence: 'off' } | { kind: 'drillFrequency'; value: string } | null;
}

export type Proposal = Common &
	(
		| { kind: 'group'; proposed: PlanGroup; current: LeadershipGroup | null }
		| { kind: 'office'; proposed: PlanOffice; current: SafetyOffice | null }
		| { kind: 'domain'; proposed: PlanDomain; current: DomainNow | null }
		| { kind: 'department'; proposed: PlanDepartment; current: DepartmentNow | null }
		| { kind: 'rule'; proposed: PlanRule; current: RuleNow }
	);

export type ProposalKind = Proposal['kind'];

export interface ProposalDocs {
	duty: Y.Doc;
	meta: Y.Doc;
	/** For the rejections. */
	rejections: Rejections;
}

/** Accepting writes the target document; reviewing is the plan's writers' work (leader, office). */
export function mayDecide(role: Role, target: DocumentKind): boolean {
	return canWrite(role, 'plan') && canWrite(role, target);
}

export function fingerprint(value: unknown): string {
	return hex8(JSON.stringify(value));
}

/** Every proposal of the derivation, in the order of the screen: group, office, domains, departments, rules. */
export function planProposals(derivation: PlanDerivation, docs: ProposalDocs): Proposal[] {
	const out: Omit<Proposal, 'fingerprint' | 'rejected'>[] = [];
	if (GROUP_ROLES.some((role) => derivation.group[role].length > 0))
		out.push(groupProposal(derivation.group, readGroup(docs.duty)));
	if (OFFICE_FIELDS.some((field) => derivation.office[field] !== ''))
		out.push(officeProposal(derivation.office, readOffice(docs.duty)));
	const departments = listDepartments(docs.duty);
	const deptName = (id: string) => departments.find((dept) => dept.id === id)?.name ?? '';
	const domains = listDomains(docs.duty).map((domain) => ({
		id: domain.id,
		title: domain.title,
		owners: domain.owners.map(deptName).filter((name) => name !== '')
	}));
	for (const domain of derivation.domains)
		out.push(domainProposal(domain, matchDomain(domain.title, domains)));
	for (const dept of derivation.departments) {
		const now = departments.find((d) => sameName(d.name, dept.name)) ?? null;
		out.push(departmentProposal(dept, now && { id: now.id, name: now.name, duties: now.duties }));
	}
	const rules = listComplianceRules(docs.meta);
	for (const rule of derivation.rules) out.push(ruleProposal(rule, rules, docs.meta));
	return out.map((proposal) => {
		const print = fingerprint(proposal.proposed);
		return {
			...proposal,
			fingerprint: print,
			rejected: isRejected(docs.rejections, proposal.key, print)
		} as Proposal;
	});
}

function groupProposal(proposed: PlanGroup, current: LeadershipGroup | null) {
	const stated = GROUP_ROLES.filter((role) => proposed[role].length > 0);
	const state: ProposalState =
		current === null || stated.every((role) => current[role].length === 0)
			? 'new'
			: stated.every((role) => sameList(proposed[role], current[role]))
				? 'same'
				: 'differs';
	return { kind: 'group' as const, key: 'group', target: 'duty' as const, state, proposed, current };
}

function officeProposal(proposed: PlanOffice, current: SafetyOffice | null) {
	const stated = OFFICE_FIELDS.filter((field) => proposed[field] !== '');
	const state: ProposalState =
		current === null || stated.every((field) => current[field] === '')
			? 'new'
			: stated.every((field) => current[field] === proposed[field])
				? 'same'
				: 'differs';
	return { kind: 'office' as const, key: 'office', target: 'duty' as const, state, proposed, current };
}

function domainProposal(proposed: PlanDomain, current: DomainNow | null) {
	const state: ProposalState =
		current === null
			? 'new'
			: sameName(current.title, proposed.title) && sameList(current.owners, proposed.owners)
				? 'same'
				: 'differs';
	const key = `domain:${proposed.title}`;
	return { kind: 'domain' as const, key, target: 'duty' as const, state, proposed, current };
}

/**
 * The board's domain for a plan's title: the same title, or one holding the other ("学校的教学活动
 * 安全管理" is the seed's "教学活动安全管理"), at least four characters long.
 */
function matchDomain(title: string, domains: readonly DomainNow[]): DomainNow | null {
	const bare = (text: string) => text.replace(/\s/gu, '');
	const wanted = bare(title);
	const holds = (a: string, b: string) => b.length >= 4 && a.includes(b);
	return (
		domains.find((domain) => bare(domain.title) === wanted) ??
		domains.find((domain) => holds(wanted, bare(domain.title)) || holds(bare(domain.title), wanted)) ??
		null
	);
}

function departmentProposal(proposed: PlanDepartment, current: DepartmentNow | null) {
	const state: ProposalState =
		current === null || current.duties === ''
			? 'new'
			: current.duties === proposed.duties
				? 'same'
				: 'differs';
	const key = `department:${proposed.name}`;
	return { kind: 'department' as const, key, target: 'duty' as const, state, proposed, current };
}

function ruleProposal(proposed: PlanRule, accepted: readonly ComplianceRule[], meta: Y.Doc) {
	const key = ruleKey(proposed);
	const rule =
		accepted.find((other) => other.key === key) ??
		(isSingleKind(proposed.kind) ? accepted.find((other) => other.kind === proposed.kind) : undefined) ??
		null;
	const setting = settingConflict(proposed, meta);
	const state: ProposalState =
		rule === null
			? 'new'
			: rule.key === key && sameRule(rule, proposed) && setting === null
				? 'same'
				: 'differs';
	return {
		kind: 'rule' as const,
		key: `rule:${key}`,
		target: 'meta' as const,
		state,
		proposed,
		current: { rule, setting }
	};
}

/** A setting that says otherwise than the rule: the schedule switched off, another drill frequency. */
function settingConflict(rule: PlanRule, meta: Y.Doc): RuleNow['setting'] {
	if (rule.kind === 'inspection' && rule.every === 'month' && readSchedule(meta).cadence === 'off')
		return { kind: 'schedule', cadence: 'off' };
	const frequency = drillFrequencyOf(rule);
	const current = readWorkspace(meta)?.drillFrequency;
	if (frequency && current && current !== frequency) return { kind: 'drillFrequency', value: current };
	return null;
}

function sameRule(a: PlanRule, b: PlanRule): boolean {
	return (
		(a.chair ?? '') === (b.chair ?? '') &&
		(a.times ?? 1) === (b.times ?? 1) &&
		(a.layered ?? false) === (b.layered ?? false)
	);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((entry, i) => sameName(entry, b[i] ?? ''));
}

/** Writes one proposal into its document, as `actor`. Only what the plan states is written. */
export function acceptProposal(
	proposal: Proposal,
	docs: Omit<ProposalDocs, 'rejections'>,
	actor: Actor,
	now: number = Date.now()
): void {
	switch (proposal.kind) {
		case 'group': {
			const stated = GROUP_ROLES.filter((role) => proposal.proposed[role].length > 0);
			setGroup(docs.duty, Object.fromEntries(stated.map((role) => [role, proposal.proposed[role]])), actor);
			return;
		}
		case 'office': {
			const stated = OFFICE_FIELDS.filter((field) => proposal.proposed[field] !== '');
			setOffice(
				docs.duty,
				Object.fromEntries(stated.map((field) => [field, proposal.proposed[field]])),
				actor
			);
			return;
		}
		case 'domain':
			return acceptDomain(docs.duty, proposal.proposed, proposal.current, actor);
		case 'department': {
			const dept = departmentByName(docs.duty, proposal.proposed.name);
			docs.duty.transact(() => {
				if (dept) setDepartmentDuties(docs.duty, dept.id, proposal.proposed.duties, actor);
				else addDepartment(docs.duty, proposal.proposed.name, actor, proposal.proposed.duties);
			}, localOrigin(actor));
			return;
		}
		case 'rule':
			acceptRule(docs.meta, proposal.proposed, actor, now);
			return;
	}
}

/** The owners by name, added to the board where it lacks them; then the domain, added or updated. */
function acceptDomain(duty: Y.Doc, proposed: PlanDomain, current: DomainNow | null, actor: Actor): void {
	duty.transact(() => {
		const owners = proposed.owners.map(
			(name) => (departmentByName(duty, name) ?? addDepartment(duty, name, actor)).id
		);
		if (current) updateDomain(duty, current.id, { title: proposed.title, owners }, actor);
		else addDomain(duty, { title: proposed.title, owners }, actor);
	}, localOrigin(actor));
}
