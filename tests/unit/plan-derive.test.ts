import { describe, expect, it } from 'vitest';
import { derivePlan, type PlanDerivation } from '../../src/lib/model/plan-derive.ts';
import { parsePlan } from '../../src/lib/model/plan-import.ts';
import { splitNames } from '../../src/lib/model/plan-names.ts';
import { EXAMPLE, readPlanText, SECOND, THIRD } from './plan-fixtures.ts';

const derive = (text: string) => derivePlan(parsePlan(text));

type Expected = Omit<PlanDerivation, 'outline' | 'departments'> & {
	/** Department names in order, and a duty each must include. */
	departments: [name: string, duty: string][];
};

const cases: { name: string; file: string; expected: Expected }[] = [
	{
		name: 'the example plan',
		file: EXAMPLE,
		expected: {
			group: {
				leader: ['王晓芳'],
				deputies: ['薛建平', '章方辉'],
				members: [
					'王晓华',
					'周尹尹',
					'黄春',
					'尹仙菊',
					'刘秀娟',
					'侯海林',
					'林晨杰',
					'曹祺',
					'侯燕婷',
					'吴玉南'
				]
			},
			// "领导小组下设办公室" says under whom, not where: no location is given.
			office: { location: '', director: '周尹尹', deputy: '王晓华' },
			domains: [
				{ title: '学校内部安全管理', owners: ['总务处', '安保处'] },
				{ title: '校舍设施安全管理', owners: ['教技室', '总务处', '安保处'] },
				{ title: '平安学校及校园周边综治', owners: ['安保处'] },
				{ title: '学校的教学活动安全管理', owners: ['教务处', '德育处'] },
				{ title: '食品与卫生安全管理', owners: ['总务处', '安保处'] },
				{ title: '生命安全法制宣传教育', owners: ['安保处', '德育处'] },
				{ title: '招生入学矛盾纠纷化解', owners: ['办公室'] },
				{ title: '人事师资矛盾化解', owners: ['人事科'] },
				// "其他相关科室协助" names nobody.
				{ title: '网络媒体社情民意等舆情安全', owners: ['办公室'] }
			],
			departments: [
				['总务处', '食品与卫生安全管理：做好学校食堂日常卫生管理'],
				[
					'安保处',
					'生命安全法制宣传教育：学生预防溺水、防踩踏、交通事故、消防等安全教育，组织开展各类应急疏散演练'
				],
				['教技室', '校舍设施安全管理'],
				['教务处', '学校的教学活动安全管理'],
				['德育处', '生命安全法制宣传教育：学生生命教育'],
				['办公室', '招生入学矛盾纠纷化解'],
				['人事科', '人事师资矛盾化解']
			],
			rules: [
				{ kind: 'inspection', every: 'month' },
				{ kind: 'drill', every: 'semester' },
				{ kind: 'meeting', every: 'quarter', chair: '校长' },
				{ kind: 'letters', every: '', layered: true },
				{ kind: 'education', every: 'day' }
			]
		}
	},
	{
		name: 'half-width numbering, posts for names, padding with ideographic spaces, 牵头/配合',
		file: SECOND,
		expected: {
			group: { leader: ['校长'], deputies: ['李勇'], members: ['各处室主任', '各年级组长', '校医'] },
			office: { location: '保卫科', director: '张敏', deputy: '刘洋' },
			domains: [
				{ title: '校园治安与门卫管理', owners: ['保卫科', '各年级组'] },
				{ title: '食品安全与卫生防疫', owners: ['后勤服务中心', '卫生室'] },
				{ title: '消防与用电安全', owners: ['总务处'] },
				{ title: '学生上下学交通安全', owners: ['德育处', '班主任'] },
				{ title: '教育教学活动安全', owners: ['教导处'] }
			],
			// 各年级组 (every grade group) and 班主任 (a post) are owners but no department.
			departments: [
				['保卫科', '校园治安与门卫管理'],
				['后勤服务中心', '食品安全与卫生防疫'],
				['卫生室', '食品安全与卫生防疫'],
				['总务处', '消防与用电安全'],
				['德育处', '学生上下学交通安全'],
				['教导处', '教育教学活动安全']
			],
			rules: [
				{ kind: 'inspection', every: 'week' },
				{ kind: 'inspection', every: 'month' },
				{ kind: 'drill', every: 'semester', times: 2 },
				{ kind: 'meeting', every: 'month', chair: '校长' },
				{ kind: 'letters', every: 'year', layered: true },
				{ kind: 'education', every: 'week' }
			]
		}
	},
	{
		name: 'the group in one sentence, departments with sections of their own, 责任部门：',
		file: THIRD,
		expected: {
			group: { leader: ['陈刚'], deputies: ['赵丽娟', '王军'], members: ['各处室负责人', '年级组长'] },
			office: { location: '', director: '孙伟', deputy: '' },
			domains: [
				{ title: '校舍与消防安全', owners: ['总务处', '保卫处'] },
				{ title: '实验室与危化品安全', owners: ['教务处', '总务处'] },
				{ title: '心理健康与欺凌防治', owners: ['政教处'] }
			],
			departments: [
				['政教处', '负责学生安全教育和心理健康教育。\n每月开展一次安全隐患排查，建立隐患台账。'],
				['总务处', '负责安全经费保障。\n校舍与消防安全\n实验室与危化品安全'],
				['保卫处', '校舍与消防安全'],
				['教务处', '实验室与危化品安全'],
				['团委', '负责组织青少年法治宣传活动。']
			],
			rules: [
				{ kind: 'inspection', every: 'month' },
				{ kind: 'drill', every: 'semester' },
				{ kind: 'meeting', every: 'quarter', chair: '校长' },
				{ kind: 'letters', every: 'year', layered: false }
			]
		}
	}
];

describe('derivation from the text (table-driven over three plans)', () => {
	describe.each(cases)('$name', ({ file, expected }) => {
		const derived = derive(readPlanText(file));

		it('finds the leadership group, names without padding', () => {
			expect(derived.group).toEqual(expected.group);
		});
		it('finds the office', () => {
			expect(derived.office).toEqual(expected.office);
		});
		it('finds the domains and their owners, lead first', () => {
			expect(derived.domains).toEqual(expected.domains);
		});
		it('finds the departments and their duties', () => {
			expect(derived.departments.map((dept) => dept.name)).toEqual(
				expected.departments.map(([name]) => name)
			);
			for (const [name, duty] of expected.departments) {
				expect(derived.departments.find((dept) => dept.name === name)?.duties).toContain(duty);
			}
		});
		it('finds the rules', () => {
			expect(derived.rules).toEqual(expected.rules);
		});
		it('has the outline of the import', () => {
			expect(derived.outline).toEqual(parsePlan(readPlanText(file)).outline);
		});
	});
});

describe('names as plans write them', () => {
	it.each([
		['王晓华 周尹尹 黄  春 尹仙菊', ['王晓华', '周尹尹', '黄春', '尹仙菊']],
		['曹  祺 侯燕婷 吴玉南', ['曹祺', '侯燕婷', '吴玉南']],
		['黄\u3000春\u3000王晓华', ['黄春', '王晓华']],
		['王晓华、周尹尹、黄  春', ['王晓华', '周尹尹', '黄春']],
		['王晓华，周尹尹,黄春；李强', ['王晓华', '周尹尹', '黄春', '李强']],
		['王晓芳（校长）、薛建平（副校长）', ['王晓芳', '薛建平']],
		['校长 王晓芳', ['王晓芳']],
		['分管安全副校长\u3000李\u3000勇', ['李勇']],
		['党支部书记、校长陈  刚', ['陈刚']],
		['政教处主任孙  伟', ['孙伟']],
		['校长', ['校长']],
		['各处室主任、各年级组长、校医', ['各处室主任', '各年级组长', '校医']],
		['各处室主任和年级组长', ['各处室主任', '年级组长']],
		['王和平、李明等', ['王和平', '李明']],
		['', []]
	])('%s', (text, names) => {
		expect(splitNames(text)).toEqual(names);
	});
});

describe('phrasings of the genre', () => {
	it.each([
		['领导小组办公室设在教导处，由李明同志任主任。', { location: '教导处', director: '李明', deputy: '' }],
		[
			'领导小组下设办公室（设在行政楼三楼），办公室主任：张伟，副主任：刘洋、陈静。',
			{ location: '行政楼三楼', director: '张伟', deputy: '刘洋、陈静' }
		],
		[
			'领导小组下设安全办公室，办公室主任由分管副校长兼任。',
			{ location: '', director: '分管副校长', deputy: '' }
		],
		['下设办公室，办公地点：总务处', { location: '总务处', director: '', deputy: '' }]
	])('office: %s', (line, office) => {
		expect(derive(line).office).toEqual(office);
	});

	it('office given as label lines below its sentence', () => {
		expect(derive('领导小组下设办公室：\n主　任：周尹尹\n副主任：王晓华\n').office).toEqual({
			location: '',
			director: '周尹尹',
			deputy: '王晓华'
		});
	});

	it('a group below another heading than 领导小组 is not taken when the leadership group is named', () => {
		const text = [
			'一、应急小组',
			'组长：张三',
			'二、安全工作领导小组',
			'组长：王晓芳',
			'副组长：薛建平',
			'成员：王晓华'
		].join('\n');
		expect(derive(text).group).toEqual({ leader: ['王晓芳'], deputies: ['薛建平'], members: ['王晓华'] });
	});

	it('empty fields where the text says nothing, never a guess', () => {
		expect(
			derive('一、指导思想\n坚持安全第一。\n二、工作要求\n定期召开安全会议，组织开展各类应急演练。\n')
		).toEqual({
			outline: [
				{ level: 1, number: '一、', title: '指导思想' },
				{ level: 1, number: '二、', title: '工作要求' }
			],
			group: { leader: [], deputies: [], members: [] },
			office: { location: '', director: '', deputy: '' },
			domains: [],
			departments: [],
			rules: []
		});
	});

	it.each([
		['（1）消防安全——总务处负责。', { title: '消防安全', owners: ['总务处'] }],
		['1.校舍安全：总务处、保卫科共同负责。', { title: '校舍安全', owners: ['总务处', '保卫科'] }],
		['(2)食堂卫生由后勤处主抓，校医室协助。', { title: '食堂卫生', owners: ['后勤处', '校医室'] }],
		['(3)网络舆情，由办公室负责，有关部门配合。', { title: '网络舆情', owners: ['办公室'] }]
	])('domain: %s', (line, domain) => {
		expect(derive(line).domains).toEqual([domain]);
	});

	it('sections named after units under a duties heading are departments', () => {
		const text =
			'三、工作职责\n（一）安全办公室\n负责日常管理。\n（二）教导处\n负责教学活动安全。\n（三）班主任\n负责本班安全。';
		expect(derive(text).departments).toEqual([
			{ name: '安全办公室', duties: '负责日常管理。' },
			{ name: '教导处', duties: '负责教学活动安全。' }
		]);
	});

	it('a sentence that appoints people is no domain', () => {
		expect(derive('（1）领导小组下设办公室，由周尹尹同志兼任办公室主任，负责日常工作。').domains).toEqual([]);
	});

	it.each([
		['学校每周进行一次安全巡查。', [{ kind: 'inspection', every: 'week' }]],
		['每学年组织三次消防演练。', [{ kind: 'drill', every: 'year', times: 3 }]],
		['校长每月主持召开一次安全工作例会。', [{ kind: 'meeting', every: 'month', chair: '校长' }]],
		['逐级签订安全责任书。', [{ kind: 'letters', every: '', layered: true }]],
		[
			'每月开展一次安全主题班会，每学期进行一次疏散演练。',
			[
				{ kind: 'drill', every: 'semester' },
				{ kind: 'education', every: 'month' }
			]
		],
		// A checklist question is not a rule.
		['学校环境卫生每日检查是否坚持。', []]
	])('rule: %s', (line, rules) => {
		expect(derive(line).rules).toEqual(rules);
	});
});
