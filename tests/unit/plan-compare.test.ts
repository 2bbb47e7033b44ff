import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	comparePlanBodies,
	comparePlanBlocks,
	countChanges,
	diffSections,
	diffText,
	planTextBlocks,
	type DiffBlock,
	type PlanTextBlock
} from '../../src/lib/model/plan-compare.ts';
import { planBody } from '../../src/lib/model/plan.ts';
import { replacePlanBody } from '../../src/lib/model/plan-body.ts';
import { parsePlan, planBlocks } from '../../src/lib/model/plan-import.ts';
import { EXAMPLE, readPlanText } from './plan-fixtures.ts';

// What a person comparing two versions of the plan reads: which blocks were added, removed or
// changed, and inside a changed block which words.

const p = (text: string): PlanTextBlock => ({ kind: 'paragraph', level: 0, cells: [text], header: false });
const h = (level: number, text: string): PlanTextBlock => ({
	kind: 'heading',
	level,
	cells: [text],
	header: false
});
const row = (...cells: string[]): PlanTextBlock => ({ kind: 'row', level: 0, cells, header: false });

/** A compact reading of a comparison: status, kind and the text with [+added+] and [-removed-]. */
function show(blocks: DiffBlock[]): string[] {
	return blocks.map(
		(block) =>
			`${block.status} ${block.kind}${block.level || ''}${block.restyled ? '*' : ''}: ` +
			block.cells
				.map((cell) =>
					cell
						.map(({ op, text }) => (op === 'added' ? `[+${text}+]` : op === 'removed' ? `[-${text}-]` : text))
						.join('')
				)
				.join(' | ')
	);
}

describe('comparing two texts block by block', () => {
	it.each<{ name: string; before: PlanTextBlock[]; after: PlanTextBlock[]; expected: string[] }>([
		{
			name: 'nothing changed',
			before: [h(1, '一、指导思想'), p('坚持安全第一。')],
			after: [h(1, '一、指导思想'), p('坚持安全第一。')],
			expected: ['same heading1: 一、指导思想', 'same paragraph: 坚持安全第一。']
		},
		{
			name: 'a paragraph added',
			before: [h(1, '一、指导思想'), p('坚持安全第一。')],
			after: [h(1, '一、指导思想'), p('坚持安全第一。'), p('各部门按职责落实。')],
			expected: [
				'same heading1: 一、指导思想',
				'same paragraph: 坚持安全第一。',
				'added paragraph: [+各部门按职责落实。+]'
			]
		},
		{
			name: 'a paragraph removed',
			before: [p('第一段。'), p('学校每学期组织一次疏散演练。'), p('第三段。')],
			after: [p('第一段。'), p('第三段。')],
			expected: [
				'same paragraph: 第一段。',
				'removed paragraph: [-学校每学期组织一次疏散演练。-]',
				'same paragraph: 第三段。'
			]
		},
		{
			name: 'words added at the end of a paragraph',
			before: [p('坚持安全第一')],
			after: [p('坚持安全第一，预防为主')],
			expected: ['changed paragraph: 坚持安全第一[+，预防为主+]']
		},
		{
			name: 'a heading retitled beyond recognition is one removed and one added',
			before: [h(1, '一、指导思想'), p('正文。')],
			after: [h(1, '一、工作目标'), p('正文。')],
			expected: [
				'removed heading1: [-一、指导思想-]',
				'added heading1: [+一、工作目标+]',
				'same paragraph: 正文。'
			]
		},
		{
			name: 'a heading whose level changed',
			before: [p('（一）组织机构')],
			after: [h(2, '（一）组织机构')],
			expected: ['changed heading2*: （一）组织机构']
		},
		{
			name: 'a heading inserted before a changed paragraph',
			before: [p('办公室设在总务处。')],
			after: [h(1, '二、组织机构'), p('办公室设在总务处，主任周尹尹。')],
			expected: ['added heading1: [+二、组织机构+]', 'changed paragraph: 办公室设在总务处[+，主任周尹尹+]。']
		},
		{
			name: 'a paragraph removed before one that changed',
			before: [p('这一段整段删掉了。'), p('坚持安全第一')],
			after: [p('坚持安全第一，预防为主')],
			expected: ['removed paragraph: [-这一段整段删掉了。-]', 'changed paragraph: 坚持安全第一[+，预防为主+]']
		},
		{
			name: 'a table row with one cell changed',
			before: [row('部门', '职责'), row('总务处', '食堂安全')],
			after: [row('部门', '职责'), row('总务处', '食堂与宿舍安全')],
			expected: ['same row: 部门 | 职责', 'changed row: 总务处 | 食堂[+与宿舍+]安全']
		}
	])('$name', ({ before, after, expected }) => {
		expect(show(comparePlanBlocks(before, after))).toEqual(expected);
	});

	it('pairs only blocks alike enough, and keeps the order of the new text', () => {
		const blocks = comparePlanBlocks(
			[p('甲。'), p('学校每月开展一次安全检查。'), p('乙。')],
			[p('甲。'), p('学校每周开展一次安全检查。'), p('乙。')]
		);
		expect(blocks.map((block) => block.status)).toEqual(['same', 'changed', 'same']);
		const changed = blocks[1]?.cells[0] ?? [];
		// Whatever the word boundaries, the parts read back as both texts.
		expect(
			changed
				.filter((part) => part.op !== 'added')
				.map((part) => part.text)
				.join('')
		).toBe('学校每月开展一次安全检查。');
		expect(
			changed
				.filter((part) => part.op !== 'removed')
				.map((part) => part.text)
				.join('')
		).toBe('学校每周开展一次安全检查。');
		expect(changed.find((part) => part.op === 'removed')?.text).toContain('月');
		expect(changed.find((part) => part.op === 'added')?.text).toContain('周');
		expect(countChanges(blocks)).toEqual({ added: 0, removed: 0, changed: 1 });
	});

	it.each([
		['', '新增', [{ op: 'added', text: '新增' }]],
		['删除', '', [{ op: 'removed', text: '删除' }]],
		['same text', 'same text', [{ op: 'same', text: 'same text' }]],
		[
			'check the gate',
			'check the east gate',
			[
				{ op: 'same', text: 'check the ' },
				{ op: 'added', text: 'east ' },
				{ op: 'same', text: 'gate' }
			]
		]
	])('diffs words inside a block: %s → %s', (before, after, expected) => {
		expect(diffText(before, after)).toEqual(expected);
	});
});

describe('reading a body into blocks', () => {
	function element(name: string, children: (Y.XmlElement | Y.XmlText)[], attrs: Record<string, number> = {}) {
		const node = new Y.XmlElement(name);
		for (const [key, value] of Object.entries(attrs))
			(node as unknown as Y.XmlElement<Record<string, number>>).setAttribute(key, value);
		node.insert(0, children);
		return node;
	}
	const para = (text: string) => element('paragraph', [new Y.XmlText(text)]);
	const cell = (name: string, text: string) => element(name, [para(text)]);

	it('reads headings, paragraphs, list items and table rows, and skips empty paragraphs', () => {
		const doc = new Y.Doc();
		planBody(doc).insert(0, [
			element('heading', [new Y.XmlText('一、组织机构')], { level: 1 }),
			para(''),
			para('成立领导小组。'),
			element('bulletList', [
				element('listItem', [para('组长：王晓芳')]),
				element('listItem', [para('副组长：薛建平')])
			]),
			element('orderedList', [element('listItem', [para('每月检查')])]),
			element('table', [
				element('tableRow', [cell('tableHeader', '部门'), cell('tableHeader', '职责')]),
				element('tableRow', [cell('tableCell', '总务处'), cell('tableCell', '')])
			])
		]);
		expect(planTextBlocks(planBody(doc))).toEqual([
			{ kind: 'heading', level: 1, cells: ['一、组织机构'], header: false },
			{ kind: 'paragraph', level: 0, cells: ['成立领导小组。'], header: false },
			{ kind: 'bullet', level: 1, cells: ['组长：王晓芳'], header: false },
			{ kind: 'bullet', level: 1, cells: ['副组长：薛建平'], header: false },
			{ kind: 'ordered', level: 1, cells: ['每月检查'], header: false },
			{ kind: 'row', level: 0, cells: ['部门', '职责'], header: true },
			{ kind: 'row', level: 0, cells: ['总务处', ''], header: false }
		]);
		const sections = diffSections(comparePlanBodies(planBody(doc), planBody(doc)));
		expect(
			sections.map((section) => (section.table ? `table of ${section.rows.length}` : section.block.kind))
		).toEqual(['heading', 'paragraph', 'bullet', 'bullet', 'ordered', 'table of 2']);
	});

	it('compares the example plan with itself as unchanged, and finds one edit in it', () => {
		const doc = new Y.Doc();
		replacePlanBody(doc, planBlocks(parsePlan(readPlanText(EXAMPLE))), { source: 'system' });
		const same = comparePlanBodies(planBody(doc), planBody(doc));
		expect(countChanges(same)).toEqual({ added: 0, removed: 0, changed: 0 });
		expect(same.length).toBeGreaterThan(40);

		const edited = new Y.Doc();
		Y.applyUpdate(edited, Y.encodeStateAsUpdate(doc));
		const third = planBody(edited).get(3) as Y.XmlElement;
		(third.get(0) as Y.XmlText).insert(0, '（修订）');
		const blocks = comparePlanBodies(planBody(doc), planBody(edited));
		expect(countChanges(blocks)).toEqual({ added: 0, removed: 0, changed: 1 });
		expect(blocks.find((block) => block.status === 'changed')?.cells[0]?.[0]).toEqual({
			op: 'added',
			text: '（修订）'
		});
	});
});
