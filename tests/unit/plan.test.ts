import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	AUTO_VERSIONS_KEPT,
	PLAN_FRAGMENT,
	VERSIONS_MAX,
	deleteVersion,
	listVersions,
	loadVersion,
	planBody,
	restoreVersion,
	sameAsVersion,
	saveVersion
} from '../../src/lib/model/plan.ts';
import {
	canDeletePlanVersion,
	canRestorePlanVersion,
	canSavePlanVersion,
	type Role
} from '../../src/lib/model/permissions.ts';
import { replacePlanBody } from '../../src/lib/model/plan-body.ts';
import { parsePlan, planBlocks } from '../../src/lib/model/plan-import.ts';
import { EXAMPLE, readPlanText } from './plan-fixtures.ts';
import { alice, bob, expectModelError, syncAll } from './helpers.ts';

function paragraph(text: string): Y.XmlElement {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

function write(doc: Y.Doc, ...texts: string[]): void {
	doc.transact(() => {
		const body = planBody(doc);
		body.delete(0, body.length);
		body.insert(0, texts.map(paragraph));
	});
}

describe('plan versions', () => {
	it('uses the editor fragment name', () => {
		const doc = new Y.Doc();
		expect(planBody(doc)).toBe(doc.getXmlFragment(PLAN_FRAGMENT));
	});

	it('saves, lists newest first, loads and restores', () => {
		const doc = new Y.Doc();
		write(doc, '一、指导思想', '二、领导小组');
		const first = saveVersion(doc, '2026 春季', alice, 1000, 'v1');
		write(doc, '一、指导思想（修订）');
		saveVersion(doc, '2026 秋季修订', bob, 2000, 'v2');
		expect(listVersions(doc).map((v) => [v.id, v.name, v.byName])).toEqual([
			['v2', '2026 秋季修订', bob.name],
			['v1', '2026 春季', alice.name]
		]);
		expect(first.size).toBeGreaterThan(0);
		expect(planBody(loadVersion(doc, 'v1')).toString()).toBe(
			'<paragraph>一、指导思想</paragraph><paragraph>二、领导小组</paragraph>'
		);
		restoreVersion(doc, 'v1', alice);
		expect(planBody(doc).toString()).toBe(planBody(loadVersion(doc, 'v1')).toString());
		expectModelError(() => loadVersion(doc, 'nope'), 'unknown_record', { record: 'planVersion' });
		expectModelError(() => saveVersion(doc, ' ', alice), 'required', { field: 'versionName' });
	});

	it('stores the body only, so versions do not nest', () => {
		const doc = new Y.Doc();
		write(doc, '校园安全'.repeat(200));
		const sizes = [1, 2, 3, 4].map((n) => saveVersion(doc, `v${n}`, alice, n).size);
		expect(Math.max(...sizes)).toBe(Math.min(...sizes));
	});
});

describe('restoring a version', () => {
	const body = (doc: Y.Doc) => planBody(doc).toString();

	it('keeps the text as it was as an automatic version, and restores as one change', () => {
		const doc = new Y.Doc();
		write(doc, '一、指导思想', '二、领导小组');
		saveVersion(doc, '2026 春季', alice, 1000, 'v1');
		write(doc, '一、指导思想（修订）', '二、领导小组');
		const before = body(doc);
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const auto = restoreVersion(doc, 'v1', bob, 2000, 'auto1');
		expect(updates).toHaveLength(1);
		expect(body(doc)).toBe(planBody(loadVersion(doc, 'v1')).toString());
		expect(auto).toMatchObject({ id: 'auto1', name: '2026 春季', auto: 'restore', byName: bob.name });
		expect(planBody(loadVersion(doc, 'auto1')).toString()).toBe(before);
		expect(listVersions(doc).map((v) => [v.id, v.auto])).toEqual([
			['auto1', 'restore'],
			['v1', null]
		]);
	});

	it('writes nothing when the text already reads as the version', () => {
		const doc = new Y.Doc();
		write(doc, '一、指导思想');
		saveVersion(doc, '2026 春季', alice, 1000, 'v1');
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		expect(restoreVersion(doc, 'v1', alice)).toBeNull();
		expect(sameAsVersion(doc, 'v1')).toBe(true);
		expect(updates).toHaveLength(0);
	});

	it('saves no automatic copy when the newest version holds the text already', () => {
		const doc = new Y.Doc();
		write(doc, '春季');
		saveVersion(doc, '春季', alice, 1000, 'v1');
		write(doc, '秋季');
		saveVersion(doc, '秋季', alice, 2000, 'v2');
		expect(restoreVersion(doc, 'v1', alice, 3000)).toBeNull();
		expect(listVersions(doc).map((v) => v.id)).toEqual(['v2', 'v1']);
		expect(body(doc)).toBe('<paragraph>春季</paragraph>');
	});

	it('replaces only the blocks that differ, so typing elsewhere in an untouched block survives', () => {
		const a = new Y.Doc();
		write(a, '一、指导思想', '坚持安全第一。', '二、领导小组');
		saveVersion(a, '原稿', alice, 1000, 'v1');
		const second = planBody(a).get(1) as Y.XmlElement;
		(second.get(0) as Y.XmlText).insert(0, '（删去）');
		const b = new Y.Doc();
		syncAll(a, b);
		// b types into the last heading, which the restore leaves alone, while a restores.
		restoreVersion(a, 'v1', alice, 2000, 'auto1');
		((planBody(b).get(2) as Y.XmlElement).get(0) as Y.XmlText).insert(6, '及办公室');
		syncAll(a, b);
		expect(body(a)).toBe(body(b));
		expect(body(a)).toBe(
			'<paragraph>一、指导思想</paragraph><paragraph>坚持安全第一。</paragraph><paragraph>二、领导小组及办公室</paragraph>'
		);
	});

	it('keeps the newest automatic versions only', () => {
		const doc = new Y.Doc();
		write(doc, '原稿');
		saveVersion(doc, '原稿', alice, 1, 'v0');
		for (let i = 1; i <= AUTO_VERSIONS_KEPT + 3; i++) {
			write(doc, `第 ${i} 稿`);
			restoreVersion(doc, 'v0', alice, 10 + i, `auto${i}`);
		}
		const auto = listVersions(doc).filter((v) => v.auto !== null);
		expect(auto).toHaveLength(AUTO_VERSIONS_KEPT);
		expect(auto[0]?.id).toBe(`auto${AUTO_VERSIONS_KEPT + 3}`);
		expect(listVersions(doc).some((v) => v.id === 'v0')).toBe(true);
	});

	it('refuses a named version past the cap until one is deleted', () => {
		const doc = new Y.Doc();
		write(doc, '校园安全'.repeat(5));
		for (let i = 0; i < VERSIONS_MAX; i++) saveVersion(doc, `版本 ${i}`, alice, i + 1, `v${i}`);
		expectModelError(() => saveVersion(doc, '再一个', alice), 'too_many', {
			record: 'planVersion',
			max: VERSIONS_MAX
		});
		deleteVersion(doc, 'v0', alice);
		expect(saveVersion(doc, '再一个', alice, 5000, 'again').name).toBe('再一个');
		expectModelError(() => deleteVersion(doc, 'v0', alice), 'unknown_record', { record: 'planVersion' });
	});

	it('measures a version of the example plan', () => {
		const doc = new Y.Doc();
		replacePlanBody(doc, planBlocks(parsePlan(readPlanText(EXAMPLE))), { source: 'system' });
		const size = saveVersion(doc, '2026 秋季修订', alice).size;
		// docs/ARCHITECTURE.md ("Plan versions") quotes this: about 13 KiB for 11.5 KiB of text.
		expect(size).toBeGreaterThan(12_000);
		expect(size).toBeLessThan(15_000);
	});
});

describe('who may save, restore and delete versions', () => {
	it.each<[Role, boolean, boolean, boolean]>([
		['leader', true, true, true],
		['office', true, true, false],
		['dept', false, false, false],
		['inspector', false, false, false],
		['viewer', false, false, false]
	])('%s: save %s, restore %s, delete %s', (role, save, restore, remove) => {
		expect([canSavePlanVersion(role), canRestorePlanVersion(role), canDeletePlanVersion(role)]).toEqual([
			save,
			restore,
			remove
		]);
	});
});
