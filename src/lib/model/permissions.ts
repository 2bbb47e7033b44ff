import type { DocumentKind } from './documents.ts';

/** Workspace roles (design.md §2). */
export const ROLES = ['leader', 'office', 'dept', 'inspector', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who may write which document (design.md §4). Everyone in the workspace may read everything. */
const WRITERS: Record<DocumentKind, readonly Role[]> = {
	meta: ['leader', 'office'],
	plan: ['leader', 'office'],
	duty: ['leader', 'office', 'dept'],
	ledger: ['office', 'dept', 'inspector'],
	inspection: ['office', 'inspector', 'dept'],
	drills: ['office', 'dept']
};

export function canWrite(role: Role, kind: DocumentKind): boolean {
	return WRITERS[kind].includes(role);
}

/** The plan document's root holding comment threads (plan-comments.ts). */
export const PLAN_COMMENTS_ROOT = 'comments';

/**
 * Who may comment on the plan: everyone who works in the workspace, on any screen ("Phones can
 * read and comment", issue 12). Leaders and the office write the whole plan; department heads and
 * inspectors, who only read its text, may still comment on it. Viewers (auditors from the bureau)
 * write nothing, as design.md §2 says, so they do not comment either.
 */
const COMMENTERS: readonly Role[] = ['leader', 'office', 'dept', 'inspector'];

export function canComment(role: Role): boolean {
	return COMMENTERS.includes(role);
}

/**
 * Roots of a document that a role which may not write the document may still write: the plan's
 * comment threads for those who comment. The server takes updates of such a member that touch
 * these roots alone (sync-server/plan-comments.ts) and refuses any that touch anything else.
 */
export function writableParts(role: Role, kind: DocumentKind): readonly string[] {
	if (canWrite(role, kind)) return [];
	return kind === 'plan' && canComment(role) ? [PLAN_COMMENTS_ROOT] : [];
}

/** The plan's decisions list (plan-decisions.ts) is kept by those who write the plan. */
export function canEditDecisions(role: Role): boolean {
	return canWrite(role, 'plan');
}

/** Leaders and the office run the workspace: members, invites, revocation. */
export function canManageMembers(role: Role): boolean {
	return role === 'leader' || role === 'office';
}

/** Only a leader may make another leader; the office may invite every other role. */
export function canInvite(role: Role, invitee: Role): boolean {
	if (role === 'leader') return true;
	return role === 'office' && invitee !== 'leader';
}

/** Creating a round writes both the round's own document and its entry in the `meta` index. */
export function canCreateRound(role: Role): boolean {
	return canWrite(role, 'meta') && canWrite(role, 'inspection');
}

/**
 * Photos are evidence attached to what a member writes (a hazard, a round's item, a drill), so
 * whoever may write some document may upload them; a viewer, who writes none, may not.
 */
export function canUploadPhotos(role: Role): boolean {
	return Object.values(WRITERS).some((writers) => writers.includes(role));
}

/**
 * Who reads the record of refused attempts to break the rules inside documents (违规记录): those
 * who answer for the system, leaders and the office (design.md: 失职追责).
 */
export function canSeeViolations(role: Role): boolean {
	return role === 'leader' || role === 'office';
}

/** Whoever writes the plan may save its text as a named version (plan.ts). */
export function canSavePlanVersion(role: Role): boolean {
	return canWrite(role, 'plan');
}

/**
 * Restoring replaces the whole text at once, for everyone: the leadership group and its office
 * decide that, not every writer a later role list may add.
 */
export function canRestorePlanVersion(role: Role): boolean {
	return canWrite(role, 'plan') && (role === 'leader' || role === 'office');
}

/** Deleting a named version loses it for good: leaders only (the cap in plan.ts says when). */
export function canDeletePlanVersion(role: Role): boolean {
	return role === 'leader';
}

/**
 * Who may restore a document to how it stood at an earlier time (restore.ts): the leadership
 * group and its office, as for a plan version, and only a document their role writes: the office
 * restores the ledger, a round or the plan; a leader, who writes neither the ledger nor rounds,
 * the plan alone. The restore is an ordinary change by them, under every rule of that document.
 */
export function mayRestore(role: Role, kind: DocumentKind): boolean {
	return (role === 'leader' || role === 'office') && canWrite(role, kind);
}
