import type * as Y from 'yjs';
import { setDrillFrequency, type DrillFrequency } from './meta.ts';
import { localOrigin, type Actor } from './origin.ts';
import type { Period, PlanRule, RuleKind } from './plan-rules.ts';
import { readSchedule, setInspectionSchedule } from './schedule.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { actor as readActor, isFiniteNumber, isString } from './read.ts';

/**
 * The rules the school's plan sets, accepted into the workspace settings (考核 checks them later),
 * in `meta`:
 *
 *   compliance  Y.Map<ruleKey, ComplianceRule>   one plain value per rule, `<kind>:<every>`
 *
 * Two rules already have settings of their own, which accepting them also sets: a monthly
 * inspection turns the inspection schedule (schedule.ts) to monthly, keeping its day; a drill each
 * semester or month sets `drillFrequency`. A school has one drill rule, one meeting rule and one
 * letters rule: accepting one replaces the others of its kind. Inspections and education may
 * recur at several periods (weekly department checks and the monthly round).
 */
const COMPLIANCE = 'compliance';

export const RULE_KINDS = [
	'inspection',
	'drill',
	'meeting',
	'letters',
	'education'
] as const satisfies readonly RuleKind[];
export const RULE_PERIODS = [
	'day',
	'week',
	'month',
	'quarter',
	'semester',
	'year'
] as const satisfies readonly Period[];
/** Kinds a school has one rule of. */
const SINGLE: ReadonlySet<RuleKind> = new Set(['drill', 'meeting', 'letters']);
export const CHAIR_MAX = 30;
export const TIMES_MAX = 31;

export interface ComplianceRule extends PlanRule {
	key: string;
	acceptedAt: number;
	acceptedBy: Actor;
}

export function ruleKey(rule: Pick<PlanRule, 'kind' | 'every'>): string {
	return `${rule.kind}:${rule.every === '' ? 'any' : rule.every}`;
}

/** Whether a school keeps one rule of this kind (drill, meeting, letters). */
export function isSingleKind(kind: RuleKind): boolean {
	return SINGLE.has(kind);
}

/** A stored rule, or null when the value does not have a rule's shape. */
export function parseRule(raw: unknown): Omit<ComplianceRule, 'key'> | null {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
	const { kind, every, chair, times, layered, acceptedAt, acceptedBy } = raw as Record<string, unknown>;
	if (!(RULE_KINDS as readonly unknown[]).includes(kind)) return null;
	if (!(every === '' || (RULE_PERIODS as readonly unknown[]).includes(every))) return null;
	if (!(chair === undefined || isString(chair))) return null;
	if (!(times === undefined || (typeof times === 'number' && Number.isInteger(times)))) return null;
	if (!(layered === undefined || typeof layered === 'boolean')) return null;
	if (!isFiniteNumber(acceptedAt)) return null;
	const rule: Omit<ComplianceRule, 'key'> = {
		kind: kind as RuleKind,
		every: every as Period | '',
		acceptedAt,
		acceptedBy: readActor(acceptedBy)
	};
	if (isString(chair)) rule.chair = chair;
	if (typeof times === 'number') rule.times = times;
	if (typeof layered === 'boolean') rule.layered = layered;
	return rule;
}

/** The accepted rules, by kind (inspection first) then period (shortest first). */
export function listComplianceRules(doc: Y.Doc): ComplianceRule[] {
	const out: ComplianceRule[] = [];
	doc.getMap<unknown>(COMPLIANCE).forEach((raw, key) => {
		const rule = parseRule(raw);
		if (rule) out.push({ key, ...rule });
	});
	const period = (every: Period | '') => (every === '' ? RULE_PERIODS.length : RULE_PERIODS.indexOf(every));
	return out.sort(
		(a, b) => RULE_KINDS.indexOf(a.kind) - RULE_KINDS.indexOf(b.kind) || period(a.every) - period(b.every)
	);
}

/**
 * Accepts a rule of the plan: stores it (replacing other rules of a single kind), and sets the
 * inspection schedule or the drill frequency where the rule decides them.
 */
export function acceptRule(
	doc: Y.Doc,
	rule: PlanRule,
	actor: Actor,
	now: number = Date.now()
): ComplianceRule {
	const who = v.requireActor(actor);
	const value = validRule(rule);
	const key = ruleKey(value);
	const stored: Omit<ComplianceRule, 'key'> = {
		...value,
		acceptedAt: v.requireTimestamp(now, 'time'),
		acceptedBy: { id: who.id, name: who.name }
	};
	if (typeof doc.getMap<unknown>('workspace').get('name') !== 'string')
		throw new ModelError('not_initialised', 'workspace is not initialised', { record: 'workspace' });
	const map = doc.getMap<unknown>(COMPLIANCE);
	doc.transact(() => {
		if (isSingleKind(value.kind))
			for (const other of listComplianceRules(doc))
				if (other.kind === value.kind && other.key !== key) map.delete(other.key);
		map.set(key, stored);
		if (value.kind === 'inspection' && value.every === 'month')
			setInspectionSchedule(doc, { cadence: 'monthly', dueDay: readSchedule(doc).dueDay }, who);
		const frequency = drillFrequencyOf(value);
		if (frequency) setDrillFrequency(doc, frequency, who);
	}, localOrigin(who));
	return { key, ...stored };
}

/** Takes an accepted rule back out (its settings stay as they are). */
export function removeRule(doc: Y.Doc, key: string, actor: Actor): void {
	const who = v.requireActor(actor);
	const map = doc.getMap<unknown>(COMPLIANCE);
	if (!map.has(key))
		throw new ModelError('unknown_record', `unknown rule: ${key}`, { field: 'complianceRule' });
	doc.transact(() => map.delete(key), localOrigin(who));
}

/** The drill frequency a drill rule sets, if it is one the setting has. */
export function drillFrequencyOf(rule: Pick<PlanRule, 'kind' | 'every'>): DrillFrequency | null {
	if (rule.kind !== 'drill') return null;
	return rule.every === 'semester' || rule.every === 'month' ? rule.every : null;
}

function validRule(rule: PlanRule): PlanRule {
	const out: PlanRule = {
		kind: v.requireOneOf(rule.kind, RULE_KINDS, 'complianceRule'),
		every: rule.every === '' ? '' : v.requireOneOf(rule.every, RULE_PERIODS, 'complianceRule')
	};
	if (rule.chair !== undefined && rule.chair !== '')
		out.chair = v.requireText(rule.chair, 'chair', CHAIR_MAX);
	if (rule.times !== undefined) out.times = v.requireInt(rule.times, 'complianceRule', 1, TIMES_MAX);
	if (rule.layered !== undefined) {
		if (typeof rule.layered !== 'boolean')
			throw new ModelError('not_one_of', 'layered must be true or false', { field: 'complianceRule' });
		out.layered = rule.layered;
	}
	return out;
}
