import * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import { applySeeds, seedUpdate } from './seed.ts';
import { SEED_DEPARTMENTS, SEED_DOMAINS } from './duty-seed.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { isString, num, text } from './read.ts';

/**
 * The `duty` document (责任清单):
 *
 *   departments Y.Map<deptId, Y.Map>    name, order, duties (the plan's words, one per line)
 *   domains     Y.Map<domainId, Y.Map>  title, scope, order, lead (person id | null), owners Y.Array<deptId>
 *   people      Y.Map<personId, Y.Map>  name, post, deptId, phone, createdAt
 *   memberDepts Y.Map<memberId, string[]>  the departments a workspace member acts for (a
 *                                          department head rectifies their departments' hazards)
 *
 *   group       Y.Map                   leader, deputies, members: string[] (duty-leadership.ts)
 *   office      Y.Map                   location, director, deputy (duty-leadership.ts)
 *
 * Letters and meetings come later, in the same document. Edits of departments and domains are in
 * duty-edit.ts.
 */
const DEPARTMENTS = 'departments';
const DOMAINS = 'domains';
const PEOPLE = 'people';
const MEMBER_DEPTS = 'memberDepts';

export interface DepartmentView {
	id: string;
	name: string;
	order: number;
}

/** A department with its duties (the duty board; the ledger needs only the name). */
export interface DepartmentDetail extends DepartmentView {
	/** Its safety duties as the plan words them, one per line; '' when none were accepted. */
	duties: string;
}

export interface DomainView {
	id: string;
	title: string;
	scope: string;
	order: number;
	/** Owner department ids, lead department first. */
	owners: string[];
	/** The person leading the domain, if assigned. */
	lead: string | null;
}

export interface PersonView {
	id: string;
	name: string;
	post: string;
	deptId: string;
	phone: string;
	createdAt: number;
}

type Rec = Y.Map<unknown>;

/**
 * Seeds the departments and the nine domains. Idempotent, and safe when two devices seed at once:
 * the seed is content-addressed (seed.ts), so both seeds are the same structs and merge into one set,
 * and a lead assigned on either device before they met survives the merge. A document that already has
 * departments or domains (seeded by any app version) is left alone.
 */
export function seedDuty(doc: Y.Doc): void {
	if (doc.getMap(DEPARTMENTS).size > 0 || doc.getMap(DOMAINS).size > 0) return;
	applySeeds(doc, [dutySeed()], { source: 'seed' });
}

function dutySeed(): Uint8Array {
	return seedUpdate((scratch) => {
		const departments = scratch.getMap<Rec>(DEPARTMENTS);
		SEED_DEPARTMENTS.forEach((dept, order) => {
			const rec: Rec = new Y.Map();
			departments.set(dept.id, rec);
			rec.set('name', dept.name);
			rec.set('order', order);
		});
		const domains = scratch.getMap<Rec>(DOMAINS);
		SEED_DOMAINS.forEach((domain, order) => {
			const rec: Rec = new Y.Map();
			domains.set(domain.id, rec);
			rec.set('title', domain.title);
			rec.set('scope', domain.scope);
			rec.set('order', order);
			rec.set('lead', null);
			const owners = new Y.Array<string>();
			rec.set('owners', owners);
			owners.push([...domain.owners]);
		});
	});
}

export function listDepartments(doc: Y.Doc): DepartmentDetail[] {
	const out: DepartmentDetail[] = [];
	doc.getMap<Rec>(DEPARTMENTS).forEach((rec, id) => {
		if (rec instanceof Y.Map)
			out.push({
				id,
				name: text(rec.get('name')),
				order: num(rec.get('order')),
				duties: text(rec.get('duties'))
			});
	});
	return out.sort(byOrderThenId);
}

export function listDomains(doc: Y.Doc): DomainView[] {
	const out: DomainView[] = [];
	doc.getMap<Rec>(DOMAINS).forEach((rec, id) => {
		if (!(rec instanceof Y.Map)) return;
		const owners = rec.get('owners');
		const lead = rec.get('lead');
		out.push({
			id,
			title: text(rec.get('title')),
			scope: text(rec.get('scope')),
			order: num(rec.get('order')),
			// A concurrent add can leave a department twice; keep its first place.
			owners:
				owners instanceof Y.Array
					? [...new Set((owners as Y.Array<unknown>).toArray().filter(isString))]
					: [],
			lead: typeof lead === 'string' ? lead : null
		});
	});
	return out.sort(byOrderThenId);
}

/** Assigns (or, with null, unassigns) the person leading a domain. */
export function setDomainLead(doc: Y.Doc, domainId: string, personId: string | null, actor: Actor): void {
	const rec = doc.getMap<Rec>(DOMAINS).get(domainId);
	if (!(rec instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown domain: ${domainId}`, { record: 'domain' });
	if (personId !== null && !doc.getMap(PEOPLE).has(personId))
		throw new ModelError('unknown_record', `unknown person: ${personId}`, { record: 'person' });
	doc.transact(() => rec.set('lead', personId), localOrigin(v.requireActor(actor)));
}

export interface AddPersonInput {
	name: string;
	/** Post, e.g. 总务处主任; may be empty. */
	post?: string;
	/** A department id; '' when none. */
	deptId?: string;
	phone?: string;
	/** Default: a random UUID. */
	id?: string;
}

const PHONE = /^[0-9+\- ]{3,20}$/;

export function addPerson(doc: Y.Doc, input: AddPersonInput, actor: Actor, now = Date.now()): PersonView {
	const who = v.requireActor(actor);
	const id = input.id === undefined ? v.newId() : v.requireId(input.id, 'personId');
	if (doc.getMap(PEOPLE).has(id))
		throw new ModelError('already_exists', `person already exists: ${id}`, { record: 'person' });
	const person: PersonView = {
		id,
		name: v.requireText(input.name, 'personName', 50),
		post: v.optionalText(input.post, 'post', 50),
		deptId: v.optionalText(input.deptId, 'department', 100),
		phone: v.optionalText(input.phone, 'phone', 20),
		createdAt: v.requireTimestamp(now, 'time')
	};
	if (person.deptId !== '' && !doc.getMap(DEPARTMENTS).has(person.deptId)) {
		throw new ModelError('unknown_record', `unknown department: ${person.deptId}`, { record: 'department' });
	}
	if (person.phone !== '' && !PHONE.test(person.phone))
		throw new ModelError('invalid_phone', 'phone may hold only digits, +, - and spaces', { field: 'phone' });
	doc.transact(() => {
		const rec: Rec = new Y.Map();
		doc.getMap<Rec>(PEOPLE).set(id, rec);
		for (const [key, value] of Object.entries(person)) if (key !== 'id') rec.set(key, value);
	}, localOrigin(who));
	return person;
}

/** People by name (Chinese collation), then id. */
export function listPeople(doc: Y.Doc): PersonView[] {
	const out: PersonView[] = [];
	doc.getMap<Rec>(PEOPLE).forEach((rec, id) => {
		if (!(rec instanceof Y.Map)) return;
		out.push({
			id,
			name: text(rec.get('name')),
			post: text(rec.get('post')),
			deptId: text(rec.get('deptId')),
			phone: text(rec.get('phone')),
			createdAt: num(rec.get('createdAt'))
		});
	});
	const collator = new Intl.Collator('zh-CN');
	return out.sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function byOrderThenId(a: { order: number; id: string }, b: { order: number; id: string }): number {
	return a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Sets the departments a member acts for (set by the office in 设置 → 成员). A whole list per member,
 * last writer wins: it is one decision by one office, not something two devices build together.
 */
export function setMemberDepts(doc: Y.Doc, memberId: string, deptIds: readonly string[], actor: Actor): void {
	const who = v.requireActor(actor);
	const member = v.requireId(memberId, 'personId');
	const departments = doc.getMap(DEPARTMENTS);
	const ids = [...new Set(deptIds)];
	for (const id of ids)
		if (!departments.has(id))
			throw new ModelError('unknown_record', `unknown department: ${id}`, { record: 'department' });
	doc.transact(() => doc.getMap(MEMBER_DEPTS).set(member, ids), localOrigin(who));
}

/** The departments `memberId` acts for; [] when none was set. */
export function memberDepts(doc: Y.Doc, memberId: string): string[] {
	const value = doc.getMap(MEMBER_DEPTS).get(memberId);
	return Array.isArray(value) ? value.filter(isString) : [];
}

/** Every member's departments, for the member list (设置 → 成员); members with none are absent. */
export function allMemberDepts(doc: Y.Doc): Map<string, string[]> {
	const out = new Map<string, string[]>();
	doc.getMap(MEMBER_DEPTS).forEach((value, memberId) => {
		if (Array.isArray(value)) out.set(memberId, value.filter(isString));
	});
	return out;
}
