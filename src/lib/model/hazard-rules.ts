import type { DomainView } from './duty.ts';
import { ModelError, type ModelField } from './errors.ts';
import { HAZARD_MOVES, movesFrom, type HazardMove } from './hazard-fold.ts';
import type { HazardView } from './hazard-record.ts';
import type { Actor } from './origin.ts';
import { canWrite, type Role } from './permissions.ts';

/**
 * Who may do what to a hazard (design.md §2, §4): one definition for the UI, which offers only
 * these, for the writers in ledger.ts, which refuse the rest, and for the server, which will check
 * every update against the same functions.
 *
 * - Registering: any member who writes the ledger (office, dept, inspector).
 * - Rectifying (`start`, `submit`): the responsible department, i.e. the hazard's owner department
 *   when the office named one, else every owner of its domain (duty.ts); its members with the `dept`
 *   or `office` role.
 * - Re-inspecting (`pass`, `reject`): an inspector or the office. Closing (销号, `close`,
 *   `passAndClose`): the office alone; so is changing the level after registration.
 *
 * Members carry no department in their account: the caller says which departments a member
 * belongs to (`MemberContext.deptIds`, e.g. from the duty board's person linked to the member).
 */
export interface MemberContext extends Actor {
	role: Role;
	/** Department ids (duty.ts) the member acts for; [] for none. */
	deptIds: readonly string[];
}

/** Each domain's owner departments, lead first (duty.ts `listDomains`). */
export type DomainOwners = ReadonlyMap<string, readonly string[]>;

export function domainOwners(domains: readonly DomainView[]): DomainOwners {
	return new Map(domains.map((domain) => [domain.id, domain.owners]));
}

/** The departments that rectify `hazard`: its owner department, else its domain's owners. */
export function responsibleDepts(
	hazard: Pick<HazardView, 'ownerDept' | 'domain'>,
	owners: DomainOwners
): readonly string[] {
	if (hazard.ownerDept !== '') return [hazard.ownerDept];
	return owners.get(hazard.domain) ?? [];
}

const RECTIFIER_ROLES: readonly Role[] = ['dept', 'office'];
const REINSPECTOR_ROLES: readonly Role[] = ['inspector', 'office'];

export function isResponsible(
	hazard: Pick<HazardView, 'ownerDept' | 'domain'>,
	member: MemberContext,
	owners: DomainOwners
): boolean {
	if (!RECTIFIER_ROLES.includes(member.role)) return false;
	return responsibleDepts(hazard, owners).some((dept) => member.deptIds.includes(dept));
}

export function canRegister(member: MemberContext): boolean {
	return canWrite(member.role, 'ledger');
}

/** Whether `member` may make `move` on `hazard`, whatever its state (the server's check for old moves). */
export function isAuthorised(
	move: HazardMove,
	hazard: HazardView,
	member: MemberContext,
	owners: DomainOwners
): boolean {
	switch (move) {
		case 'start':
		case 'submit':
			return isResponsible(hazard, member, owners);
		case 'pass':
		case 'reject':
			return REINSPECTOR_ROLES.includes(member.role);
		case 'close':
		case 'passAndClose':
			return member.role === 'office';
	}
}

/** The moves `member` may make on `hazard` now: what the UI offers. */
export function allowedMoves(hazard: HazardView, member: MemberContext, owners: DomainOwners): HazardMove[] {
	return movesFrom(hazard.state).filter((move) => isAuthorised(move, hazard, member, owners));
}

/** What a move carries besides who and when. */
export interface MoveInput {
	comment?: string;
	photos?: readonly string[];
	/** A rejection's new deadline, YYYY-MM-DD. */
	deadline?: string | null;
}

export const COMMENT_MAX = 500;

/** The field a move's comment fills, when it must not be empty. */
const REQUIRED_COMMENT: Partial<Record<HazardMove, ModelField>> = {
	submit: 'rectification',
	reject: 'reason'
};

/**
 * Throws unless `member` may make `move` on `hazard` in its current state with this input:
 * `illegal_transition` (not from this state), `not_allowed` (not this member), `required` (a
 * rectification report or a rejection's reason missing). Used by `moveHazard`, the UI and the server.
 */
export function checkMove(
	hazard: HazardView,
	move: HazardMove,
	member: MemberContext,
	owners: DomainOwners,
	input: MoveInput = {}
): void {
	const { from, to } = HAZARD_MOVES[move];
	if (hazard.state !== from)
		throw new ModelError('illegal_transition', `illegal hazard move ${move} from ${hazard.state}`, {
			from: hazard.state,
			to
		});
	if (!isAuthorised(move, hazard, member, owners))
		throw new ModelError('not_allowed', `${member.role} may not ${move} this hazard`, { record: 'hazard' });
	const field = REQUIRED_COMMENT[move];
	if (field !== undefined && (input.comment ?? '').trim() === '')
		throw new ModelError('required', `${move} needs a ${field}`, { field });
	if (move !== 'reject' && input.deadline != null)
		throw new ModelError('not_allowed', 'only a rejection sets a new deadline', { field: 'deadline' });
}

/** The fields of a hazard a member may change after registration (ledger.ts `updateHazard`). */
export const HAZARD_FIELDS = [
	'place',
	'description',
	'foundAt',
	'photos',
	'domain',
	'level',
	'ownerDept',
	'ownerPerson',
	'deadline',
	'measures',
	'funds',
	'interimMeasures',
	'remarks',
	'report'
] as const satisfies readonly ModelField[];
export type HazardField = (typeof HAZARD_FIELDS)[number];

type Editor = 'finder' | 'office' | 'responsible';

/**
 * Who edits which field. What was found: the finder and the office. Routing (domain, department,
 * deadline), the level and the report to the bureau: the office, which keeps the ledger. The plan
 * of the fix: the responsible department and the office. A closed entry keeps everything but its
 * remarks, which the office may still add to.
 */
const EDITORS: Record<HazardField, readonly Editor[]> = {
	place: ['finder', 'office'],
	description: ['finder', 'office'],
	foundAt: ['finder', 'office'],
	photos: ['finder', 'office'],
	domain: ['office'],
	level: ['office'],
	ownerDept: ['office'],
	deadline: ['office'],
	report: ['office'],
	ownerPerson: ['office', 'responsible'],
	measures: ['office', 'responsible'],
	funds: ['office', 'responsible'],
	interimMeasures: ['office', 'responsible'],
	remarks: ['office']
};

export function canEdit(
	hazard: HazardView,
	field: HazardField,
	member: MemberContext,
	owners: DomainOwners
): boolean {
	return editRefusal(hazard, field, member, owners) === null;
}

/**
 * Why `member` may not change `field` of `hazard` now, or null when they may:
 * - `not_allowed`: no state of this hazard lets them (their role, or they did not find it);
 * - `not_responsible`: they would as the responsible department, and theirs is not (any more);
 * - `closed`: the hazard is closed (销号), which keeps everything but its remarks.
 * The last two depend on what others change (a re-route, the duty board, a close): a device that
 * was offline meanwhile may run into them honestly, which the server tells from the first.
 */
export function editRefusal(
	hazard: HazardView,
	field: HazardField,
	member: MemberContext,
	owners: DomainOwners
): 'not_allowed' | 'not_responsible' | 'closed' | null {
	if (!canWrite(member.role, 'ledger')) return 'not_allowed';
	const editors = EDITORS[field];
	const byRole =
		(editors.includes('office') && member.role === 'office') ||
		(editors.includes('finder') && hazard.foundBy.id === member.id);
	if (!byRole) {
		if (!editors.includes('responsible') || !RECTIFIER_ROLES.includes(member.role)) return 'not_allowed';
		if (!isResponsible(hazard, member, owners)) return 'not_responsible';
	}
	if (hazard.state === 'closed' && field !== 'remarks') return 'closed';
	return null;
}

/** The fields `member` may change on `hazard` now: what the UI makes editable. */
export function editableFields(
	hazard: HazardView,
	member: MemberContext,
	owners: DomainOwners
): HazardField[] {
	return HAZARD_FIELDS.filter((field) => canEdit(hazard, field, member, owners));
}

export function checkEdit(
	hazard: HazardView,
	field: HazardField,
	member: MemberContext,
	owners: DomainOwners
): void {
	if (canEdit(hazard, field, member, owners)) return;
	if (hazard.state === 'closed' && canWrite(member.role, 'ledger'))
		throw new ModelError('already_closed', `hazard ${hazard.id} is closed`, { field });
	throw new ModelError('not_allowed', `${member.role} may not change ${field}`, { field });
}
