import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import { listDepartments, listDomains, seedDuty } from '../../src/lib/model/duty.ts';
import {
	addDepartment,
	addDomain,
	DEPARTMENT_DUTIES_MAX,
	setDepartmentDuties,
	updateDomain
} from '../../src/lib/model/duty-edit.ts';
import { readGroup, readOffice, setGroup, setOffice } from '../../src/lib/model/duty-leadership.ts';
import { alice, bob, expectModelError, recordOrigins, syncAll } from './helpers.ts';

function seeded(): Y.Doc {
	const doc = new Y.Doc();
	seedDuty(doc);
	return doc;
}

describe('the leadership group and its office', () => {
	it('is absent until set, then reads back without padding or repeats', () => {
		const doc = seeded();
		expect(readGroup(doc)).toBeNull();
		expect(readOffice(doc)).toBeNull();
		const origins = recordOrigins(doc);
		setGroup(doc, { leader: ['王晓芳'], deputies: [' 薛建平 ', '章方辉', '章方辉'] }, alice);
		setOffice(doc, { director: '周尹尹', deputy: '王晓华' }, alice);
		expect(readGroup(doc)).toEqual({ leader: ['王晓芳'], deputies: ['薛建平', '章方辉'], members: [] });
		expect(readOffice(doc)).toEqual({ location: '', director: '周尹尹', deputy: '王晓华' });
		expect(origins).toEqual([
			{ source: 'local', actor: alice },
			{ source: 'local', actor: alice }
		]);
		expect(checkDocument('duty', doc)).toEqual([]);
	});

	it('sets only the parts given, and writes nothing when they are unchanged', () => {
		const doc = seeded();
		setGroup(doc, { leader: ['校长'], members: ['黄春'] }, alice);
		setOffice(doc, { location: '行政楼 201' }, alice);
		const before = Y.encodeStateVector(doc);
		setGroup(doc, { leader: ['校长'] }, bob);
		setOffice(doc, { location: '行政楼 201' }, bob);
		expect(Y.encodeStateVector(doc)).toEqual(before);
		setGroup(doc, { deputies: ['李勇'] }, bob);
		expect(readGroup(doc)).toEqual({ leader: ['校长'], deputies: ['李勇'], members: ['黄春'] });
	});

	it('refuses empty and over-long entries', () => {
		const doc = seeded();
		expectModelError(() => setGroup(doc, { leader: [''] }, alice), 'required', { field: 'groupEntry' });
		expectModelError(() => setGroup(doc, { members: ['王'.repeat(31)] }, alice), 'too_long', {
			field: 'groupEntry'
		});
		expectModelError(() => setOffice(doc, { location: '楼'.repeat(61) }, alice), 'too_long', {
			field: 'officeLocation'
		});
		expect(readGroup(doc)).toBeNull();
	});
});

describe('departments and domains', () => {
	it('adds a department after the others, with its duties; a name it has is refused', () => {
		const doc = seeded();
		const dept = addDepartment(doc, '保卫科', alice, '校园治安\n门卫值守');
		expect(listDepartments(doc).at(-1)).toEqual(dept);
		expect(dept).toMatchObject({ name: '保卫科', order: 7, duties: '校园治安\n门卫值守' });
		expectModelError(() => addDepartment(doc, '总 务 处', alice), 'already_exists', { record: 'department' });
		expect(checkDocument('duty', doc)).toEqual([]);
	});

	it('two devices adding the same department offline end with one', () => {
		const a = seeded();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		addDepartment(a, '保卫科', alice);
		addDepartment(b, '保卫科', bob);
		syncAll(a, b);
		expect(listDepartments(a).filter((d) => d.name === '保卫科')).toHaveLength(1);
		expect(listDepartments(a)).toEqual(listDepartments(b));
	});

	it('sets duties, and refuses an unknown department or too long a text', () => {
		const doc = seeded();
		setDepartmentDuties(doc, 'security', '门卫值守', alice);
		expect(listDepartments(doc).find((d) => d.id === 'security')?.duties).toBe('门卫值守');
		expectModelError(() => setDepartmentDuties(doc, 'nope', 'x', alice), 'unknown_record', {
			record: 'department'
		});
		expectModelError(
			() => setDepartmentDuties(doc, 'security', 'x'.repeat(DEPARTMENT_DUTIES_MAX + 1), alice),
			'too_long',
			{ field: 'departmentDuties' }
		);
	});

	it('adds a domain with owners, and updates a title and owners in place', () => {
		const doc = seeded();
		const domain = addDomain(doc, { title: '消防安全', owners: ['general-affairs', 'security'] }, alice);
		expect(listDomains(doc).at(-1)).toEqual(domain);
		expectModelError(
			() => addDomain(doc, { title: '消防安全', owners: ['security'] }, alice),
			'already_exists'
		);
		expectModelError(() => addDomain(doc, { title: '交通', owners: [] }, alice), 'required', {
			field: 'ownerDept'
		});
		expectModelError(() => addDomain(doc, { title: '交通', owners: ['nope'] }, alice), 'unknown_record');

		updateDomain(
			doc,
			'teaching-activities',
			{ title: '学校的教学活动安全管理', owners: ['moral-education'] },
			bob
		);
		expect(listDomains(doc).find((d) => d.id === 'teaching-activities')).toMatchObject({
			title: '学校的教学活动安全管理',
			owners: ['moral-education']
		});
		expect(checkDocument('duty', doc)).toEqual([]);
	});

	it("two devices setting a domain's owners at once keep both lists' departments", () => {
		const a = seeded();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		updateDomain(a, 'safe-campus', { owners: ['security', 'office'] }, alice);
		updateDomain(b, 'safe-campus', { owners: ['personnel'] }, bob);
		syncAll(a, b);
		const owners = listDomains(a).find((d) => d.id === 'safe-campus')?.owners ?? [];
		expect([...owners].sort()).toEqual(['office', 'personnel', 'security']);
		expect(listDomains(b)).toEqual(listDomains(a));
	});
});
