import type * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { isString, text } from './read.ts';

/**
 * The leadership group (领导小组) and its office (办公室) on the duty board, in the `duty` document:
 *
 *   group   Y.Map  leader, deputies, members: string[]   names, or posts where the plan names none
 *   office  Y.Map  location, director, deputy: string
 *
 * Each list and each office field is one plain value, last writer wins: it is a decision (the plan's
 * group, accepted), not something two devices build together entry by entry. A part never set is
 * absent, so readers can tell "not decided" from "decided empty".
 */
const GROUP = 'group';
const OFFICE = 'office';

export const GROUP_ROLES = ['leader', 'deputies', 'members'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
export const OFFICE_FIELDS = ['location', 'director', 'deputy'] as const;
export type OfficeField = (typeof OFFICE_FIELDS)[number];

export type LeadershipGroup = Record<GroupRole, string[]>;
export type SafetyOffice = Record<OfficeField, string>;

/** A name or a post ("校长", "各处室主任"). */
export const GROUP_ENTRY_MAX = 30;
export const GROUP_ENTRIES_MAX = 60;
export const OFFICE_FIELD_MAX = 60;

export function isStringList(value: unknown): value is string[] {
	return Array.isArray(value) && value.every(isString);
}

/** The group as stored, or null when no part of it was ever set. */
export function readGroup(doc: Y.Doc): LeadershipGroup | null {
	const map = doc.getMap<unknown>(GROUP);
	if (!GROUP_ROLES.some((role) => map.has(role))) return null;
	const list = (role: GroupRole) => {
		const value = map.get(role);
		return isStringList(value) ? value : [];
	};
	return { leader: list('leader'), deputies: list('deputies'), members: list('members') };
}

/** Sets the given parts of the group; parts left out keep what they hold. */
export function setGroup(doc: Y.Doc, group: Partial<LeadershipGroup>, actor: Actor): void {
	const who = v.requireActor(actor);
	const lists = GROUP_ROLES.flatMap((role) => {
		const entries = group[role];
		return entries === undefined ? [] : [[role, requireEntries(entries)] as const];
	});
	const map = doc.getMap<unknown>(GROUP);
	const changed = lists.filter(([role, entries]) => !sameList(map.get(role), entries));
	if (changed.length === 0) return;
	doc.transact(() => {
		for (const [role, entries] of changed) map.set(role, entries);
	}, localOrigin(who));
}

/** The office as stored, or null when no field of it was ever set. */
export function readOffice(doc: Y.Doc): SafetyOffice | null {
	const map = doc.getMap<unknown>(OFFICE);
	if (!OFFICE_FIELDS.some((field) => map.has(field))) return null;
	return {
		location: text(map.get('location')),
		director: text(map.get('director')),
		deputy: text(map.get('deputy'))
	};
}

/** Sets the given fields of the office; fields left out keep what they hold. */
export function setOffice(doc: Y.Doc, office: Partial<SafetyOffice>, actor: Actor): void {
	const who = v.requireActor(actor);
	const fields = OFFICE_FIELDS.flatMap((field) => {
		const value = office[field];
		return value === undefined
			? []
			: [
					[
						field,
						v.optionalText(value, field === 'location' ? 'officeLocation' : 'personName', OFFICE_FIELD_MAX)
					] as const
				];
	});
	const map = doc.getMap<unknown>(OFFICE);
	const changed = fields.filter(([field, value]) => map.get(field) !== value);
	if (changed.length === 0) return;
	doc.transact(() => {
		for (const [field, value] of changed) map.set(field, value);
	}, localOrigin(who));
}

function requireEntries(entries: readonly string[]): string[] {
	if (!Array.isArray(entries))
		throw new ModelError('not_text', 'group entries must be a list', { field: 'groupEntry' });
	const out = [...new Set(entries.map((entry) => v.requireText(entry, 'groupEntry', GROUP_ENTRY_MAX)))];
	if (out.length > GROUP_ENTRIES_MAX)
		throw new ModelError('too_long', 'too many group entries', {
			field: 'groupEntry',
			max: GROUP_ENTRIES_MAX
		});
	return out;
}

function sameList(stored: unknown, entries: readonly string[]): boolean {
	return isStringList(stored) && stored.length === entries.length && stored.every((e, i) => e === entries[i]);
}
