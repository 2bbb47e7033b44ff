import type * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import { AREAS, readHeader } from './round-body.ts';
import { requireActor, requireId, requireText } from './validate.ts';
import { ModelError } from './errors.ts';
import type { AreaView, RoundView } from './inspection.ts';
import { canCreateRound, type Role } from './permissions.ts';

/**
 * A round's team (the office picks it) and the areas each member is assigned, in the round
 * document:
 *
 *   team  Y.Map<memberId, { name, areas: areaId[] }>   plain values, one per member
 *
 * A root map, so two devices writing the first member at once cannot lose one another's map (a
 * root is never created twice), and one value per member, so assigning one inspector never races
 * with assigning another. Area ids are the round's own (its copy of the template). The lifecycle
 * reads `roundTeam` to know who signs.
 */
export const TEAM = 'team';
export const MEMBER_NAME_MAX = 60;

export interface TeamMember {
	id: string;
	name: string;
	/** Round area ids, in the round's order of areas as assigned. */
	areas: string[];
}

export interface TeamInput {
	id: string;
	name: string;
	/** Default: none (the member inspects wherever needed). */
	areas?: readonly string[];
}

/**
 * Who may change a round's team and areas: the office, which creates rounds (design.md §2). The UI
 * offers the team editor only to it, and the server refuses a team change from anyone else (4424).
 */
export function mayEditTeam(role: Role): boolean {
	return canCreateRound(role);
}

/** The team, by name then id. A value of the wrong shape is skipped (it cannot be shown). */
export function roundTeam(doc: Y.Doc): TeamMember[] {
	const out: TeamMember[] = [];
	doc.getMap<unknown>(TEAM).forEach((raw, id) => {
		const member = parseMember(raw);
		if (member !== null) out.push({ id, ...member });
	});
	return out.sort((a, b) => (a.name !== b.name ? (a.name < b.name ? -1 : 1) : a.id < b.id ? -1 : 1));
}

/** Adds a member to the team or changes their areas. */
export function setTeamMember(doc: Y.Doc, member: TeamInput, actor: Actor): void {
	const value = validate(doc, member);
	doc.transact(
		() => doc.getMap<unknown>(TEAM).set(value.id, { name: value.name, areas: value.areas }),
		localOrigin(requireActor(actor))
	);
}

export function removeTeamMember(doc: Y.Doc, memberId: string, actor: Actor): void {
	const who = requireActor(actor);
	const team = doc.getMap<unknown>(TEAM);
	if (!team.has(memberId)) return;
	doc.transact(() => team.delete(memberId), localOrigin(who));
}

/**
 * Makes the team exactly `members`, in one transaction: adds, updates and removes; members whose
 * name and areas are unchanged are not rewritten, so a concurrent change to them stands.
 */
export function setRoundTeam(doc: Y.Doc, members: readonly TeamInput[], actor: Actor): void {
	const who = requireActor(actor);
	const values = members.map((member) => validate(doc, member));
	const ids = new Set(values.map((value) => value.id));
	if (ids.size !== values.length)
		throw new ModelError('already_exists', 'a member is in the team twice', { field: 'memberId' });
	const current = new Map(roundTeam(doc).map((member) => [member.id, member]));
	const team = doc.getMap<unknown>(TEAM);
	const changed = values.filter((value) => JSON.stringify(current.get(value.id)) !== JSON.stringify(value));
	const gone = [...team.keys()].filter((id) => !ids.has(id));
	if (changed.length === 0 && gone.length === 0) return;
	doc.transact(() => {
		for (const value of changed) team.set(value.id, { name: value.name, areas: value.areas });
		for (const id of gone) team.delete(id);
	}, localOrigin(who));
}

/** The areas assigned to `memberId` ([] for someone not in the team, or not assigned any). */
export function areasOf(team: readonly TeamMember[], memberId: string): string[] {
	return team.find((member) => member.id === memberId)?.areas ?? [];
}

/** `areas` with the given ones first, each group keeping its order (the round's own). */
export function sortAreasFor<T extends { id: string }>(areas: readonly T[], mine: readonly string[]): T[] {
	const set = new Set(mine);
	return [...areas.filter((area) => set.has(area.id)), ...areas.filter((area) => !set.has(area.id))];
}

/** The area an item belongs to (presence names where someone is from the item they look at). */
export function areaOfItem(view: RoundView, itemId: string): AreaView | null {
	return view.areas.find((area) => area.items.some((item) => item.id === itemId)) ?? null;
}

function validate(doc: Y.Doc, member: TeamInput): TeamMember {
	if (readHeader(doc) === null)
		throw new ModelError('not_initialised', 'round is not initialised', { record: 'round' });
	const id = requireId(member.id, 'memberId');
	const name = requireText(member.name, 'memberName', MEMBER_NAME_MAX);
	const known = doc.getMap<unknown>(AREAS);
	const areas = [...new Set(member.areas ?? [])];
	for (const areaId of areas)
		if (!known.has(areaId))
			throw new ModelError('unknown_record', `unknown area: ${areaId}`, { record: 'checklistArea' });
	return { id, name, areas };
}

function parseMember(raw: unknown): Omit<TeamMember, 'id'> | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const { name, areas } = raw as Record<string, unknown>;
	if (typeof name !== 'string' || !Array.isArray(areas)) return null;
	return { name, areas: areas.filter((area): area is string => typeof area === 'string') };
}

/** Whether a stored team value has the shape readers rely on (the server checks it). */
export function isTeamValue(raw: unknown): boolean {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
	const { name, areas } = raw as Record<string, unknown>;
	return typeof name === 'string' && Array.isArray(areas) && areas.every((area) => typeof area === 'string');
}
