import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addPerson,
	listDepartments,
	listDomains,
	listPeople,
	memberDepts,
	seedDuty,
	setMemberDepts,
	setDomainLead
} from '../../src/lib/model/duty.ts';
import { alice, bob, expectModelError, recordOrigins, syncAll } from './helpers.ts';

function seeded(): Y.Doc {
	const doc = new Y.Doc();
	seedDuty(doc);
	return doc;
}

describe('seedDuty', () => {
	it('seeds the seven departments and the nine domains of the plan', () => {
		const doc = new Y.Doc();
		const origins = recordOrigins(doc);
		seedDuty(doc);
		expect(origins).toEqual([{ source: 'seed' }]);
		expect(listDepartments(doc).map((d) => d.name)).toEqual([
			'办公室',
			'总务处',
			'安保处',
			'教务处',
			'德育处',
			'教技室',
			'人事科'
		]);
		const domains = listDomains(doc);
		expect(domains).toHaveLength(9);
		expect(domains[1]).toMatchObject({
			id: 'school-buildings',
			title: '校舍设施安全管理',
			owners: ['education-technology', 'general-affairs', 'security'],
			lead: null
		});
		const deptIds = new Set(listDepartments(doc).map((d) => d.id));
		for (const domain of domains) {
			expect(domain.owners.length).toBeGreaterThan(0);
			for (const owner of domain.owners) expect(deptIds.has(owner)).toBe(true);
		}
	});

	it('is idempotent', () => {
		const doc = seeded();
		const state = Y.encodeStateAsUpdate(doc);
		seedDuty(doc);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
	});

	it('two devices seeding at once merge into one set, keeping edits made before they met', () => {
		const a = seeded();
		const b = seeded();
		const person = addPerson(a, { name: '侯海林', post: '总务处主任', deptId: 'general-affairs' }, alice);
		setDomainLead(a, 'school-buildings', person.id, alice);
		addPerson(b, { name: '林晨杰', deptId: 'security', phone: '138 0000 0000' }, bob);
		syncAll(a, b);
		for (const doc of [a, b]) {
			expect(listDepartments(doc)).toHaveLength(7);
			expect(listDomains(doc)).toHaveLength(9);
			expect(listDomains(doc).find((d) => d.id === 'school-buildings')?.lead).toBe(person.id);
			expect(listPeople(doc)).toHaveLength(2);
		}
		expect(listDomains(a)).toEqual(listDomains(b));
		expect(listPeople(a)).toEqual(listPeople(b));
		seedDuty(a);
		expect(listDomains(a)).toHaveLength(9);
	});
});

describe('people', () => {
	it('adds, validates and lists people by name', () => {
		const doc = seeded();
		addPerson(doc, { name: '王晓芳', post: '校长', deptId: 'office', id: 'p-wang' }, alice, 1);
		addPerson(doc, { name: '  曹祺 ', id: 'p-cao' }, alice, 2);
		expect(listPeople(doc).map((p) => p.name)).toEqual(['曹祺', '王晓芳']);
		expect(listPeople(doc)[1]).toEqual({
			id: 'p-wang',
			name: '王晓芳',
			post: '校长',
			deptId: 'office',
			phone: '',
			createdAt: 1
		});
		expectModelError(() => addPerson(doc, { name: '' }, alice), 'required', { field: 'personName' });
		expectModelError(() => addPerson(doc, { name: 'x', deptId: 'nope' }, alice), 'unknown_record', {
			record: 'department'
		});
		expectModelError(() => addPerson(doc, { name: 'x', phone: 'call me' }, alice), 'invalid_phone', {
			field: 'phone'
		});
		expectModelError(() => addPerson(doc, { name: 'x', id: 'p-cao' }, alice), 'already_exists', {
			record: 'person'
		});
		expectModelError(() => setDomainLead(doc, 'nope', null, alice), 'unknown_record', { record: 'domain' });
		expectModelError(() => setDomainLead(doc, 'safe-campus', 'p-nobody', alice), 'unknown_record', {
			record: 'person'
		});
	});
});

describe('member departments', () => {
	it('sets the departments a member acts for, whole, and refuses unknown ones', () => {
		const a = seeded();
		const b = new Y.Doc();
		syncAll(a, b);
		expect(memberDepts(a, 'm-cao')).toEqual([]);
		setMemberDepts(a, 'm-cao', ['general-affairs', 'security', 'general-affairs'], alice);
		syncAll(a, b);
		expect(memberDepts(b, 'm-cao')).toEqual(['general-affairs', 'security']);
		setMemberDepts(b, 'm-cao', ['security'], bob);
		syncAll(a, b);
		expect(memberDepts(a, 'm-cao')).toEqual(['security']);
		expectModelError(() => setMemberDepts(a, 'm-cao', ['nope'], alice), 'unknown_record', {
			record: 'department'
		});
	});
});
