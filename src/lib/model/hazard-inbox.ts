import type { HazardView } from './hazard-record.ts';
import { isResponsible, type DomainOwners, type MemberContext } from './hazard-rules.ts';
import { isOverdue, isReportOwed } from './hazard-status.ts';

/**
 * A member's inbox (我的待办): the entries waiting for this member's next step, by what the loop asks
 * of their role (hazard-rules.ts), so the ledger opens on work rather than on the whole table.
 *
 * - `rectify` (待整改): registered or rectifying hazards their departments are responsible for; a
 *   rejected re-inspection sends a hazard back to rectifying, so it is here again. A `dept` member
 *   with no department yet has none; so does an office member's, unless the office acts for one.
 * - `reinspect` (待复查): hazards awaiting re-inspection, for inspectors and the office.
 * - `close` (待销号): hazards whose re-inspection passed, for the office alone.
 * - `report` (重大未上报): 重大 hazards whose report to the bureau is still owed, for the office.
 *
 * The office's own todo is 待销号 and 重大未上报 (and 待整改 where it acts for a department): it also
 * may re-inspect, but an inspector usually does, and a list of everything would be no inbox.
 * Leaders and viewers have no inbox: they read the whole ledger.
 */
export type InboxReason = 'rectify' | 'reinspect' | 'close' | 'report';

/** The reasons an entry can be in this member's inbox, in the order the inbox shows them. */
export function inboxReasons(member: Pick<MemberContext, 'role' | 'deptIds'>): InboxReason[] {
	switch (member.role) {
		case 'dept':
			return ['rectify'];
		case 'inspector':
			return ['reinspect'];
		case 'office':
			return member.deptIds.length > 0 ? ['report', 'close', 'rectify'] : ['report', 'close'];
		default:
			return [];
	}
}

/** Whether this member has an inbox at all (a `dept` member without departments has an empty one). */
export function hasInbox(member: Pick<MemberContext, 'role' | 'deptIds'>): boolean {
	return inboxReasons(member).length > 0;
}

/** Why `hazard` waits for `member`, or null when it does not. */
export function inboxReason(
	hazard: HazardView,
	member: MemberContext,
	owners: DomainOwners
): InboxReason | null {
	for (const reason of inboxReasons(member)) if (waitsFor(hazard, reason, member, owners)) return reason;
	return null;
}

function waitsFor(
	hazard: HazardView,
	reason: InboxReason,
	member: MemberContext,
	owners: DomainOwners
): boolean {
	switch (reason) {
		case 'rectify':
			return (
				(hazard.state === 'registered' || hazard.state === 'rectifying') &&
				isResponsible(hazard, member, owners)
			);
		case 'reinspect':
			return hazard.state === 'awaiting_reinspection';
		case 'close':
			return hazard.state === 'verified';
		case 'report':
			// Closing does not discharge the duty to report: it stays owed (hazard-status.ts).
			return isReportOwed(hazard);
	}
}

/** The entries waiting for `member`, in the order given. */
export function selectInbox(
	hazards: readonly HazardView[],
	member: MemberContext,
	owners: DomainOwners
): HazardView[] {
	if (!hasInbox(member)) return [];
	return hazards.filter((hazard) => inboxReason(hazard, member, owners) !== null);
}

export interface InboxCounts {
	total: number;
	/** Per reason, 0 for reasons this member does not have. */
	byReason: Record<InboxReason, number>;
	/** Of the inbox, past their deadline. */
	overdue: number;
}

/** The inbox's counts for Home and the ledger's tab, in one pass. */
export function countInbox(
	hazards: readonly HazardView[],
	member: MemberContext,
	owners: DomainOwners,
	now: number
): InboxCounts {
	const counts: InboxCounts = {
		total: 0,
		byReason: { rectify: 0, reinspect: 0, close: 0, report: 0 },
		overdue: 0
	};
	if (!hasInbox(member)) return counts;
	for (const hazard of hazards) {
		const reason = inboxReason(hazard, member, owners);
		if (reason === null) continue;
		counts.total++;
		counts.byReason[reason]++;
		if (isOverdue(hazard, now)) counts.overdue++;
	}
	return counts;
}
