import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	PLAN_FRAGMENT,
	listVersions,
	loadVersion,
	planBody,
	restoreVersion,
	saveVersion
} from '../../src/lib/model/plan.ts';
import { alice, bob, expectModelError } from './helpers.ts';

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
