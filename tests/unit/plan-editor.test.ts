import { getSchema } from '@tiptap/core';
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { planDocumentExtensions } from '../../src/lib/editor/plan-editor.ts';
import { NO_TOOLS, sameTools } from '../../src/lib/editor/plan-tools.ts';
import { planBody } from '../../src/lib/model/plan.ts';
import { planTextBlocks } from '../../src/lib/model/plan-compare.ts';
import { replacePlanBody } from '../../src/lib/model/plan-body.ts';
import { parsePlan, planBlocks } from '../../src/lib/model/plan-import.ts';
import { EXAMPLE, readPlanText, SECOND, THIRD } from './plan-fixtures.ts';

// The editor's half of plan-body.ts's contract: what `plan import` writes is what the editor's
// schema reads and would write itself (checked here without a browser; typing is in e2e).
const schema = getSchema(planDocumentExtensions());

describe("the plan editor's schema", () => {
	it.each([EXAMPLE, SECOND, THIRD])('reads an imported plan (%s) and writes back the same body', (file) => {
		const doc = new Y.Doc();
		replacePlanBody(doc, planBlocks(parsePlan(readPlanText(file))), { source: 'system' });
		const node = yXmlFragmentToProseMirrorRootNode(planBody(doc), schema);
		expect(() => node.check()).not.toThrow();
		expect(node.childCount).toBe(planBody(doc).length);
		// Written back by the editor's own conversion: identical XML, nothing dropped or renamed.
		const back = prosemirrorToYXmlFragment(node, new Y.Doc().getXmlFragment('body'));
		expect(back.toString()).toBe(planBody(doc).toString());
	});

	it("keeps the example plan's title bold and its outline levels", () => {
		const doc = new Y.Doc();
		replacePlanBody(doc, planBlocks(parsePlan(readPlanText(EXAMPLE))), { source: 'system' });
		const node = yXmlFragmentToProseMirrorRootNode(planBody(doc), schema);
		const title = node.firstChild;
		expect(title?.type.name).toBe('paragraph');
		expect(title?.firstChild?.marks.map((mark) => mark.type.name)).toEqual(['bold']);
		const first = node.child(2);
		expect([first.type.name, first.attrs.level, first.textContent]).toEqual(['heading', 1, '一、指导思想']);
	});

	it('has no node or mark that writes by itself when a document arrives', () => {
		// Link's autolink and TrailingNode change the document on open or on remote text: a reader's
		// device would then hold a change the server refuses.
		expect(schema.marks.link).toBeUndefined();
		const [kit] = planDocumentExtensions();
		expect(kit?.options).toMatchObject({ undoRedo: false, trailingNode: false, link: false });
		// What the toolbar offers exists in the schema.
		for (const name of ['heading', 'paragraph', 'bulletList', 'orderedList', 'listItem'])
			expect(schema.nodes[name]).toBeDefined();
		expect(schema.marks.bold).toBeDefined();
	});
});

describe('tables in the plan', () => {
	it('round-trips a table with a header row through the body, as the editor writes it', () => {
		const cell = (type: string, text: string) => ({
			type,
			content: [{ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] }]
		});
		const node = schema.nodeFromJSON({
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: '三、责任分工' }] },
				{
					type: 'table',
					content: [
						{ type: 'tableRow', content: [cell('tableHeader', '部门'), cell('tableHeader', '职责')] },
						{ type: 'tableRow', content: [cell('tableCell', '总务处'), cell('tableCell', '食堂、宿舍安全')] },
						{ type: 'tableRow', content: [cell('tableCell', '安保处'), cell('tableCell', '')] }
					]
				}
			]
		});
		expect(() => node.check()).not.toThrow();
		const body = prosemirrorToYXmlFragment(node, new Y.Doc().getXmlFragment('body'));
		// Yjs prints element names in lower case; the stored names are the editor's (tableHeader).
		expect(body.toString()).toContain('<tableheader colspan="1" rowspan="1">');
		// The comparison of versions reads the editor's tables as rows of cells.
		expect(planTextBlocks(body).map((block) => [block.kind, block.header, block.cells.join('|')])).toEqual([
			['heading', false, '三、责任分工'],
			['row', true, '部门|职责'],
			['row', false, '总务处|食堂、宿舍安全'],
			['row', false, '安保处|']
		]);
		const back = yXmlFragmentToProseMirrorRootNode(body, schema);
		expect(back.eq(node)).toBe(true);
		const again = prosemirrorToYXmlFragment(back, new Y.Doc().getXmlFragment('body'));
		expect(again.toString()).toBe(body.toString());
	});

	it('has the table nodes and no column widths stored by resizing', () => {
		for (const name of ['table', 'tableRow', 'tableHeader', 'tableCell'])
			expect(schema.nodes[name]).toBeDefined();
		const [, tables] = planDocumentExtensions();
		expect(tables?.options).toMatchObject({ table: { resizable: false } });
	});
});

describe('the toolbar state', () => {
	it('compares tool states by value', () => {
		expect(sameTools(NO_TOOLS, { ...NO_TOOLS })).toBe(true);
		expect(sameTools(NO_TOOLS, { ...NO_TOOLS, h2: true })).toBe(false);
	});
});
