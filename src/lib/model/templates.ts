import type { Actor } from './origin.ts';
import { requireId, requireInt, requireText } from './validate.ts';
import { ModelError, type ModelField } from './errors.ts';

/** A yes/no question. Every question is phrased so that "是" means the check passed. */
export interface TemplateItem {
	id: string;
	text: string;
}

export interface TemplateArea {
	id: string;
	title: string;
	items: TemplateItem[];
}

/**
 * A checklist template. A published (id, version) is immutable: an edit publishes a new version, and
 * rounds keep their own copy, so editing a template never rewrites a past round.
 */
export interface ChecklistTemplate {
	id: string;
	version: number;
	title: string;
	areas: TemplateArea[];
}

/**
 * A published version of a template, as stored (template-store.ts). Version 1 of the seed template
 * was seeded with the workspace: it has no publisher.
 */
export interface PublishedTemplate extends ChecklistTemplate {
	publishedAt: number | null;
	publishedBy: Actor | null;
}

export const TEMPLATE_TITLE_MAX = 100;
export const TEMPLATE_TEXT_MAX = 200;

/**
 * The monthly inspection of the seed plan, 四(四) 1–4. The plan writes some checks as "is there a
 * problem" (有无安全隐患, 是否存在明火, 是否私自组织); they are turned round so that 是 = pass throughout,
 * which keeps pass green and fail red without per-item exceptions.
 *
 * Frozen: workspaces are seeded from this content (see seed.ts). Change it only by publishing a new
 * version through a migration, never in place.
 */
export const SEED_TEMPLATE: ChecklistTemplate = {
	id: 'monthly-safety',
	version: 1,
	title: '月度安全检查',
	areas: [
		{
			id: 'building',
			title: '校舍及设施设备',
			items: [
				{ id: 'building-walls', text: '学校围墙及重点基础设施是否安全稳固' },
				{ id: 'building-warning-signs', text: '围墙及重点基础设施的警示标志是否齐全完好' },
				{ id: 'building-doors-windows', text: '教室门窗是否及时开关' },
				{ id: 'building-teaching-facilities', text: '教学设施是否安全' }
			]
		},
		{
			id: 'food',
			title: '食品卫生',
			items: [
				{ id: 'food-daily-cleaning', text: '学校环境卫生是否坚持每日清扫' },
				{ id: 'food-switches', text: '开关是否完好无损坏' },
				{ id: 'food-class-water', text: '学校班级用水是否卫生' }
			]
		},
		{
			id: 'fire',
			title: '消防安全',
			items: [
				{ id: 'fire-exits', text: '消防通道是否畅通' },
				{ id: 'fire-extinguishers', text: '灭火器材是否完好、好用' },
				{ id: 'fire-alarm-lighting', text: '消防报警装置和应急照明装置是否正常' },
				{ id: 'fire-warning-signs', text: '防火警示标志是否完好无损坏' },
				{
					id: 'fire-hazardous-materials',
					text: '危险化学物品和易燃易爆物品是否按规定专人管理、专柜存放'
				},
				{ id: 'fire-open-flame', text: '校内是否杜绝学生使用明火' },
				{ id: 'fire-wiring', text: '学校用电线路是否安全、无隐患' }
			]
		},
		{
			id: 'commute',
			title: '学生路途安全',
			items: [
				{ id: 'commute-traffic-education', text: '各班级是否已对学生开展交通法规和道路安全知识教育' },
				{ id: 'commute-no-private-outings', text: '班级是否未私自组织学生外出活动' },
				{ id: 'commute-bus-duty', text: '放学学生乘坐区域公交车回家时，学校是否安排值班人员加强管理' },
				{ id: 'commute-notice', text: '是否落实向家长及学生预告通报路途安全的制度' }
			]
		}
	]
};

/**
 * Checks a template's shape and returns a normalised copy (trimmed text, fixed key order, so the same
 * template always serialises, and hashes, the same). Ids must be unique across areas and items.
 */
export function normaliseTemplate(template: ChecklistTemplate): ChecklistTemplate {
	const seen = new Set<string>();
	const unique = (id: string, field: ModelField): string => {
		requireId(id, field);
		if (seen.has(id))
			throw new ModelError('already_exists', `template has duplicate id: ${id}`, {
				field,
				record: field === 'areaId' ? 'checklistArea' : 'checklistItem'
			});
		seen.add(id);
		return id;
	};
	if (!Array.isArray(template.areas) || template.areas.length === 0) {
		throw new ModelError('required', 'template must have at least one area', { field: 'templateAreas' });
	}
	return {
		id: requireId(template.id, 'templateId'),
		version: requireInt(template.version, 'templateVersion', 1, 1_000_000),
		title: requireText(template.title, 'templateTitle', TEMPLATE_TITLE_MAX),
		areas: template.areas.map((area) => ({
			id: unique(area.id, 'areaId'),
			title: requireText(area.title, 'areaTitle', TEMPLATE_TITLE_MAX),
			items: area.items.map((item) => ({
				id: unique(item.id, 'itemId'),
				text: requireText(item.text, 'itemText', TEMPLATE_TEXT_MAX)
			}))
		}))
	};
}
