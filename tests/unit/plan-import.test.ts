import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { planBody } from '../../src/lib/model/plan.ts';
import { planBodyHasText, replacePlanBody } from '../../src/lib/model/plan-body.ts';
import { parsePlan, planBlocks, type OutlineEntry } from '../../src/lib/model/plan-import.ts';
import { numbering } from '../../src/lib/model/plan-text.ts';
import { decodeText, planFileKind, PlanFileError } from '../../src/lib/import/plan-file.ts';
import { EXAMPLE, readPlanText, SECOND, THIRD } from './plan-fixtures.ts';

const read = readPlanText;
const h = (level: number, number: string, title: string): OutlineEntry => ({ level, number, title });

describe('numbering: the official styles, full- and half-width', () => {
	it.each([
		['一、指导思想', 'cn', 1, '一、', '指导思想'],
		['十一、附则', 'cn', 1, '十一、', '附则'],
		['一.工作目标', 'cn', 1, '一.', '工作目标'],
		['三．责任分工', 'cn', 1, '三．', '责任分工'],
		['（一）校长职责', 'cn-paren', 2, '（一）', '校长职责'],
		['(二)组织机构', 'cn-paren', 2, '(二)', '组织机构'],
		['（ 三 ）具体工作', 'cn-paren', 2, '（三）', '具体工作'],
		['1、共同职责：', 'arabic', 3, '1、', '共同职责：'],
		['2.校园治安', 'arabic', 3, '2.', '校园治安'],
		['１２．附件', 'arabic', 3, '１２．', '附件'],
		['（1）认真贯彻执行', 'arabic-paren', 4, '（1）', '认真贯彻执行'],
		['(5)各班每周上好一节安全教育课。', 'arabic-paren', 4, '(5)', '各班每周上好一节安全教育课。'],
		['3)演练后总结', 'arabic-paren', 4, '3)', '演练后总结'],
		['①明确分工', 'circled', 5, '①', '明确分工']
	])('%s', (line, style, rank, number, rest) => {
		expect(numbering(line)).toEqual({ style, rank, number, rest });
	});

	it.each([
		'一岗双责是党政同责的延伸',
		'一、二年级学生由班主任护送',
		'1.5米以下的围墙',
		'2026年3月起施行',
		'（2026年修订）',
		'组  长：王晓芳'
	])('%s is not numbered', (line) => {
		expect(numbering(line)).toBeNull();
	});
});

describe('the outline of a plan (table-driven over three plans in different styles)', () => {
	const cases: { name: string; file: string; title: string; outline: OutlineEntry[] }[] = [
		{
			name: 'the example plan: 一、 （一） 1、 （1）, full-width',
			file: EXAMPLE,
			title: '昆山市花桥集善中学关于全面深化“党政同责、一岗双责”工作实施方案',
			outline: [
				h(1, '一、', '指导思想'),
				h(1, '二、', '建立“党政同责、一岗双责”工作领导小组'),
				h(1, '三、', '各部门职责'),
				h(2, '（一）', '校长职责'),
				h(2, '（二）', '分管校长职责'),
				h(2, '（三）', '各科室安全工作职责'),
				h(3, '1、', '共同职责'),
				h(3, '2、', '各科室具体工作领域与安全督查职责'),
				h(1, '四、', '具体工作'),
				h(2, '（一）', '召开校长办公会，强化组织领导'),
				h(2, '（二）', '完善制度，签订责任书，落实责任'),
				h(2, '（三）', '进一步落实安全教育'),
				h(2, '（四）', '排查隐患，及时整治'),
				h(1, '五、', '相关要求')
			]
		},
		{
			name: 'half-width 一. and (1), ideographic indentation and padding',
			file: SECOND,
			title: '江南区第二实验小学校园安全工作责任制实施方案',
			outline: [
				h(1, '一.', '工作目标'),
				h(1, '二.', '组织机构'),
				h(1, '三.', '责任分工'),
				h(1, '四.', '工作措施'),
				h(1, '五.', '考核与追责')
			]
		},
		{
			name: 'a plan whose top level is （一）, then 1. and （1）',
			file: THIRD,
			title: '关于进一步落实校园安全主体责任的实施方案（2026年修订）',
			outline: [
				h(1, '（一）', '指导思想'),
				h(1, '（二）', '实施目标'),
				h(1, '（三）', '组织领导'),
				h(1, '（四）', '职责分工'),
				h(2, '1.', '政教处职责'),
				h(2, '2.', '总务处职责'),
				h(2, '3.', '各部门分管领域'),
				h(1, '（五）', '保障措施')
			]
		}
	];

	it.each(cases)('$name', ({ file, title, outline }) => {
		const plan = parsePlan(read(file));
		expect(plan.title).toBe(title);
		expect(plan.outline).toEqual(outline);
	});

	it('keeps numbered sentences as list items, and loses no line', () => {
		const plan = parsePlan(read(EXAMPLE));
		const item = (start: string) => plan.lines.find((line) => line.text.startsWith(start))?.role;
		// Long duties, a list of short sentences with nothing below, a run-in "title。text" item.
		expect(item('（1）认真贯彻执行')).toBe('item');
		expect(item('2、每学期必须进行全校性的学生应急疏散演练')).toBe('item');
		expect(item('1、排查校舍及设施设备安全隐患。')).toBe('item');
		expect(item('（1）学校内部安全管理')).toBe('item');
		const source = read(EXAMPLE)
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
		expect(plan.lines.map((line) => line.text)).toEqual(source);
	});

	it('splits a heading run into its paragraph at the top two ranks', () => {
		const plan = parsePlan(
			'一、指导思想：以安全发展为主线。\n（一）加强组织领导。学校成立安全工作领导小组。\n（二）健全制度。\n'
		);
		expect(plan.outline).toEqual([
			h(1, '一、', '指导思想'),
			h(2, '（一）', '加强组织领导'),
			h(2, '（二）', '健全制度')
		]);
		expect(planBlocks(plan)).toEqual([
			{ type: 'heading', level: 1, text: '一、指导思想：' },
			{ type: 'paragraph', text: '以安全发展为主线。' },
			{ type: 'heading', level: 2, text: '（一）加强组织领导。' },
			{ type: 'paragraph', text: '学校成立安全工作领导小组。' },
			{ type: 'heading', level: 2, text: '（二）健全制度。' }
		]);
	});

	it('reads CRLF, a BOM and ideographic indentation like plain lines', () => {
		const plan = parsePlan('\ufeff学校安全工作方案\r\n一、指导思想\r\n\u3000\u3000坚持安全第一。\r\n');
		expect(plan.title).toBe('学校安全工作方案');
		expect(plan.outline).toEqual([h(1, '一、', '指导思想')]);
		expect(plan.lines.at(-1)?.text).toBe('坚持安全第一。');
	});

	it('gives an empty outline for text without numbers', () => {
		expect(parsePlan('').outline).toEqual([]);
		expect(parsePlan('请各处室认真落实。\n').outline).toEqual([]);
	});
});

describe('the plan body, as the editor (TipTap StarterKit through y-prosemirror) stores it', () => {
	it('writes headings with a numeric level and the number in their text, then paragraphs', () => {
		const doc = new Y.Doc();
		const plan = parsePlan(read(EXAMPLE));
		replacePlanBody(doc, planBlocks(plan), { source: 'system' });
		const nodes = planBody(doc).toArray() as Y.XmlElement[];
		expect(nodes.map((node) => node.nodeName).slice(0, 6)).toEqual([
			'paragraph',
			'paragraph',
			'heading',
			'paragraph',
			'heading',
			'paragraph'
		]);
		expect(nodes[0]?.toString()).toBe(
			'<paragraph><bold>昆山市花桥集善中学关于全面深化“党政同责、一岗双责”工作实施方案</bold></paragraph>'
		);
		expect(nodes[2]?.getAttribute('level')).toBe(1);
		expect(nodes[2]?.toString()).toBe('<heading level="1">一、指导思想</heading>');
		// Headings keep their number and punctuation as written.
		const headings = nodes.filter((node) => node.nodeName === 'heading');
		expect(headings.map((node) => [node.getAttribute('level'), node.toArray()[0]?.toString()])).toEqual([
			[1, '一、指导思想'],
			[1, '二、建立“党政同责、一岗双责”工作领导小组'],
			[1, '三、各部门职责'],
			[2, '（一）校长职责'],
			[2, '（二）分管校长职责'],
			[2, '（三）各科室安全工作职责'],
			[3, '1、共同职责：'],
			[3, '2、各科室具体工作领域与安全督查职责'],
			[1, '四、具体工作'],
			[2, '（一）召开校长办公会，强化组织领导。'],
			[2, '（二）完善制度，签订责任书，落实责任。'],
			[2, '（三）进一步落实安全教育'],
			[2, '（四）排查隐患，及时整治。'],
			[1, '五、相关要求']
		]);
		expect(nodes.every((node) => node.length === 1 && node.toArray()[0] instanceof Y.XmlText)).toBe(true);
	});

	it('replaces what was there, and tells text from an empty editor paragraph', () => {
		const doc = new Y.Doc();
		expect(planBodyHasText(doc)).toBe(false);
		replacePlanBody(doc, [{ type: 'paragraph', text: ' ' }], { source: 'system' });
		expect(planBodyHasText(doc)).toBe(false);
		replacePlanBody(doc, planBlocks(parsePlan(read(SECOND))), { source: 'system' });
		expect(planBodyHasText(doc)).toBe(true);
		replacePlanBody(doc, [{ type: 'heading', level: 1, text: '一、总则' }], { source: 'system' });
		expect(planBody(doc).toString()).toBe('<heading level="1">一、总则</heading>');
	});
});

describe('plan files', () => {
	it.each([
		['方案.txt', 'txt'],
		['方案.TXT', 'txt'],
		['方案.docx', 'docx']
	])('%s is %s', (name, kind) => {
		expect(planFileKind(name)).toBe(kind);
	});

	it.each([
		['方案.doc', /save it as \.docx/],
		['方案.pdf', /only \.txt and \.docx/],
		['方案', /without an extension/]
	])('refuses %s', (name, message) => {
		expect(() => planFileKind(name)).toThrow(PlanFileError);
		expect(() => planFileKind(name)).toThrow(message);
	});

	it('decodes UTF-8, UTF-16 with a BOM, and GB18030 as Notepad saves Chinese', () => {
		const text = '一、指导思想';
		expect(decodeText(new TextEncoder().encode(`\ufeff${text}`))).toBe(text);
		const utf16 = new Uint8Array([
			0xff,
			0xfe,
			...new Uint8Array(new Uint16Array([...text].map((c) => c.charCodeAt(0))).buffer)
		]);
		expect(decodeText(utf16)).toBe(text);
		const gb = readFileSync('tests/fixtures/plans/second-primary-gb18030.txt');
		expect(decodeText(new Uint8Array(gb))).toBe(read(SECOND));
		expect(() => decodeText(new Uint8Array([0x50, 0x4b, 0, 0]))).toThrow(/not plain text/);
	});
});
