import type { Role } from '../permissions.ts';

/**
 * The rules inside documents (design.md §4), as the server enforces them on every update and the
 * office reads them back: one code per rule, so the UI words each in the reader's language and
 * the English never reaches a screen.
 */
export const RULES = [
	/** An authorship field (`by`, `byName`, `foundBy`, `reportedBy`, `createdBy`) names someone else. */
	'forged_author',
	/** A time later than the server's clock plus the allowed skew. */
	'future_time',
	/** An append-only history (answers, a hazard's transition log, a round's lifecycle) shortened. */
	'history_deleted',
	/** A record deleted or replaced (records are never deleted, only retired or closed). */
	'record_deleted',
	/** A value fixed once written (a round's header, a hazard's registered fields) rewritten. */
	'fixed_changed',
	/** The checklist copied into a round (its areas and items) changed after the round was made. */
	'checklist_changed',
	/** A move of a hazard's loop the member's role may not make (e.g. 销号 by anyone but the office). */
	'move_not_allowed',
	/** A department rectifying a hazard that is not its departments' to rectify. */
	'not_responsible',
	/** A hazard field the member may not change (e.g. the level, by anyone but the office). */
	'field_not_allowed',
	/** A field of a closed hazard (销号) changed, its remarks aside. */
	'closed_changed',
	/** A transition the loop never allows, or an entry that cannot be read. */
	'malformed',
	/** A round's team changed by someone other than the office. */
	'team_changed',
	/** A hazard link the sender may not make (another's name, an item that never failed). */
	'link_not_allowed',
	/** A lifecycle entry (submit, sign, sign-off, re-open) the sender may not record. */
	'lifecycle_not_allowed'
] as const;

export type Rule = (typeof RULES)[number];

/**
 * Rules that hold on what other members change: who is responsible for a hazard (its domain, its
 * department, the duty board) and whether it is closed. A device offline meanwhile breaks them
 * honestly: the department starts rectifying, or types its measures, while the office re-routes or
 * closes the hazard elsewhere. Refusing such an update would keep that device's whole ledger from
 * syncing for good (every later change depends on it), and no claim of what the device had seen
 * can be trusted (the device writes it). So the server keeps such an update and records it as a
 * conflict for the office, who sees who did what and can set it right; every other rule refuses.
 */
export const CONFLICT_RULES: ReadonlySet<Rule> = new Set<Rule>(['not_responsible', 'closed_changed']);

/** Whether the server keeps an update that broke `violation` (a conflict) rather than refusing it. */
export function isConflict(violation: Violation): boolean {
	return CONFLICT_RULES.has(violation.rule);
}

/** What a rule refused, kept with the attempt: plain values, no personal data beyond names. */
export interface ViolationDetail {
	/** What was touched: `answer`, `transition`, `hazard`, `checklistItem`, `round` … */
	record?: string;
	/** A field's id (`level`, `createdBy` …). */
	field?: string;
	/** A hazard move (`close`, `start` …). */
	move?: string;
	/** The hazard's number (`2026-11-C-007`), or the item's label (`3.2 灭火器材…`). */
	label?: string;
	/** The name an entry claimed, when it claimed someone else's. */
	claimed?: string;
	/** A claimed time (epoch ms), when it lay in the future. */
	at?: number;
	/** The round's title, for a violation inside a round. */
	round?: string;
}

export interface Violation {
	rule: Rule;
	detail: ViolationDetail;
}

/** The member who sent an update, as the server knows them from the token and accounts. */
export interface RuleSender {
	id: string;
	name: string;
	role: Role;
}

/** What the rules need besides the document: the server's clock and the allowed clock skew. */
export interface RuleClock {
	/** The server's time now (epoch ms). */
	now: number;
	/** How far ahead of `now` a device's clock may run. */
	maxSkewMs: number;
}

/** Devices' clocks run a little fast or slow; ten minutes is generous for a phone on the network. */
export const DEFAULT_MAX_SKEW_MS = 10 * 60 * 1000;

export function violation(rule: Rule, detail: ViolationDetail = {}): Violation {
	return { rule, detail };
}

export function isRule(value: unknown): value is Rule {
	return typeof value === 'string' && (RULES as readonly string[]).includes(value);
}

/** Whether `at` is a time a device may write now: finite and not beyond the skew. */
export function inTime(at: unknown, clock: RuleClock): boolean {
	return typeof at === 'number' && Number.isFinite(at) && at <= clock.now + clock.maxSkewMs;
}

/**
 * The common rule of authored entries (answers, transitions, links): `by` is the sender and
 * `byName` the sender's name, and `at` is not in the future. Null when it holds.
 */
export function checkAuthored(
	entry: { by: unknown; byName?: unknown; at: unknown },
	sender: RuleSender,
	clock: RuleClock,
	record: string,
	label?: string
): Violation | null {
	if (entry.by !== sender.id || (entry.byName !== undefined && entry.byName !== sender.name))
		return violation('forged_author', {
			record,
			label,
			claimed: typeof entry.byName === 'string' ? entry.byName : undefined
		});
	if (!inTime(entry.at, clock))
		return violation('future_time', {
			record,
			label,
			at: typeof entry.at === 'number' ? entry.at : undefined
		});
	return null;
}
