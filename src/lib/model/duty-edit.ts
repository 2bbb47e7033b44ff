import * as Y from 'yjs';
import { hex8 } from './hash.ts';
import { localOrigin, type Actor } from './origin.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { listDepartments, listDomains, type DepartmentDetail, type DomainView } from './duty.ts';

/**
 * Edits of the duty board's departments and domains, as accepting the plan's proposals needs them
 * (plan-proposals.ts); the full duty board screen will use the same operations.
 *
 * A department or domain added here gets an id derived from its name (`dept-<hash>`,
 * `domain-<hash>`): two devices that accept the same proposal offline make the same record, which
 * merges into one instead of two 保卫科.
 */
const DEPARTMENTS = 'departments';
const DOMAINS = 'domains';

export const DEPARTMENT_NAME_MAX = 30;
export const DEPARTMENT_DUTIES_MAX = 4000;
export const DOMAIN_TITLE_MAX = 60;
/** More owners than any plan names for one domain. */
export const DOMAIN_OWNERS_MAX = 12;

type Rec = Y.Map<unknown>;

/** Names compare without spaces (plans pad them: "总 务 处"). */
export function sameName(a: string, b: string): boolean {
	return a.replace(/\s/gu, '') === b.replace(/\s/gu, '');
}

export function departmentByName(doc: Y.Doc, name: string): DepartmentDetail | null {
	return listDepartments(doc).find((dept) => sameName(dept.name, name)) ?? null;
}

/** Adds a department (after the others); refuses a name the board has already. */
export function addDepartment(doc: Y.Doc, name: string, actor: Actor, duties = ''): DepartmentDetail {
	const who = v.requireActor(actor);
	const value = v.requireText(name, 'departmentName', DEPARTMENT_NAME_MAX);
	const text = v.optionalText(duties, 'departmentDuties', DEPARTMENT_DUTIES_MAX);
	const existing = listDepartments(doc);
	if (existing.some((dept) => sameName(dept.name, value)))
		throw new ModelError('already_exists', `department already exists: ${value}`, { record: 'department' });
	const id = `dept-${hex8(value.replace(/\s/gu, ''))}`;
	const order = Math.max(-1, ...existing.map((dept) => dept.order)) + 1;
	doc.transact(() => {
		const rec: Rec = new Y.Map();
		doc.getMap<Rec>(DEPARTMENTS).set(id, rec);
		rec.set('name', value);
		rec.set('order', order);
		if (text !== '') rec.set('duties', text);
	}, localOrigin(who));
	return { id, name: value, order, duties: text };
}

/** Sets a department's duties text (one duty a line), replacing what was there. */
export function setDepartmentDuties(doc: Y.Doc, deptId: string, duties: string, actor: Actor): void {
	const who = v.requireActor(actor);
	const text = v.optionalText(duties, 'departmentDuties', DEPARTMENT_DUTIES_MAX);
	const rec = departmentRecord(doc, deptId);
	if (rec.get('duties') === text) return;
	doc.transact(() => rec.set('duties', text), localOrigin(who));
}

export interface AddDomainInput {
	title: string;
	/** Department ids, lead first. */
	owners: readonly string[];
	scope?: string;
}

/** Adds a safety domain (after the others) with its owner departments. */
export function addDomain(doc: Y.Doc, input: AddDomainInput, actor: Actor): DomainView {
	const who = v.requireActor(actor);
	const title = v.requireText(input.title, 'domainTitle', DOMAIN_TITLE_MAX);
	const scope = v.optionalText(input.scope, 'domain', 500);
	const owners = requireOwners(doc, input.owners);
	const existing = listDomains(doc);
	if (existing.some((domain) => sameName(domain.title, title)))
		throw new ModelError('already_exists', `domain already exists: ${title}`, { record: 'domain' });
	const id = `domain-${hex8(title.replace(/\s/gu, ''))}`;
	const order = Math.max(-1, ...existing.map((domain) => domain.order)) + 1;
	doc.transact(() => {
		const rec: Rec = new Y.Map();
		doc.getMap<Rec>(DOMAINS).set(id, rec);
		rec.set('title', title);
		rec.set('scope', scope);
		rec.set('order', order);
		rec.set('lead', null);
		const list = new Y.Array<string>();
		rec.set('owners', list);
		list.push(owners);
	}, localOrigin(who));
	return { id, title, scope, order, owners, lead: null };
}

/**
 * Sets a domain's title and owner departments (lead first). The owners list is replaced in place:
 * two devices replacing it at once keep both lists' departments, never none.
 */
export function updateDomain(
	doc: Y.Doc,
	domainId: string,
	input: { title?: string; owners?: readonly string[] },
	actor: Actor
): void {
	const who = v.requireActor(actor);
	const rec = doc.getMap<Rec>(DOMAINS).get(domainId);
	if (!(rec instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown domain: ${domainId}`, { record: 'domain' });
	const title =
		input.title === undefined ? null : v.requireText(input.title, 'domainTitle', DOMAIN_TITLE_MAX);
	const owners = input.owners === undefined ? null : requireOwners(doc, input.owners);
	doc.transact(() => {
		if (title !== null && rec.get('title') !== title) rec.set('title', title);
		if (owners === null) return;
		const list = rec.get('owners');
		const current = list instanceof Y.Array ? (list as Y.Array<unknown>).toArray() : null;
		if (current && current.length === owners.length && current.every((id, i) => id === owners[i])) return;
		if (list instanceof Y.Array) {
			list.delete(0, list.length);
			(list as Y.Array<string>).push(owners);
		} else {
			const fresh = new Y.Array<string>();
			rec.set('owners', fresh);
			fresh.push(owners);
		}
	}, localOrigin(who));
}

function requireOwners(doc: Y.Doc, owners: readonly string[]): string[] {
	const ids = [...new Set(owners)];
	if (ids.length === 0)
		throw new ModelError('required', 'a domain needs an owner department', { field: 'ownerDept' });
	if (ids.length > DOMAIN_OWNERS_MAX)
		throw new ModelError('too_long', 'too many owner departments', {
			field: 'ownerDept',
			max: DOMAIN_OWNERS_MAX
		});
	for (const id of ids) departmentRecord(doc, id);
	return ids;
}

function departmentRecord(doc: Y.Doc, deptId: string): Rec {
	const rec = doc.getMap<Rec>(DEPARTMENTS).get(deptId);
	if (!(rec instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown department: ${deptId}`, { record: 'department' });
	return rec;
}
