import type { PlanLine } from './plan-import.ts';
import { cleanEntry, isPost, isUnit } from './plan-names.ts';
import { bareTitle, sentences } from './plan-text.ts';

/**
 * The recurring duties a plan sets, for the compliance settings (考核). Only what the text states
 * with a period ("每月", "每学期", "每季度") becomes a rule; "定期" and "组织开展各类演练" set no
 * period and are not guessed. Kinds:
 *
 *   inspection  a safety inspection or hazard sweep (检查, 排查, 巡查, 自查)    every: the period
 *   drill       an emergency drill (演练)                                     every: the period
 *   meeting     a safety meeting (会议, 例会, 办公会); `chair` when the text names who chairs it
 *   letters     responsibility letters (责任书) signed; `layered` when signed 层层/逐级 down the
 *               school; every: the period when stated ("每学年"), else ''
 *   education   a recurring safety lesson, class meeting or tip (每日安全小提示, 每周安全教育课,
 *               每月安全主题班会)
 */

export type RuleKind = 'inspection' | 'drill' | 'meeting' | 'letters' | 'education';
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'semester' | 'year';

export interface PlanRule {
	kind: RuleKind;
	/** '' when the plan sets the rule without a period (letters signed, but how often not said). */
	every: Period | '';
	/** A meeting's chair as written (a post such as 校长, or a name). */
	chair?: string;
	/** How many times a period when the plan asks for more than one ("每学期至少组织两次"). */
	times?: number;
	/** Letters signed layer by layer: principal → departments → class teachers → parents. */
	layered?: boolean;
}

const KIND_ORDER: readonly RuleKind[] = ['inspection', 'drill', 'meeting', 'letters', 'education'];

const PERIODS: Record<string, Period> = {
	日: 'day',
	天: 'day',
	周: 'week',
	星期: 'week',
	月: 'month',
	季度: 'quarter',
	季: 'quarter',
	学期: 'semester',
	年: 'year',
	学年: 'year',
	年度: 'year'
};

const EVERY = '每(?:个)?(?<period>学期|学年|年度|季度|星期|季|月|周|年|日|天)';
/** Between a period and what it sets: one clause ("每月开展班会，每学期进行演练" is two rules). */
const SAME_CLAUSE = '[^，,。；;！!？?每]';

const PERIODIC: readonly { kind: RuleKind; pattern: RegExp }[] = [
	{ kind: 'inspection', pattern: new RegExp(`${EVERY}${SAME_CLAUSE}{0,16}?(?:检查|排查|巡查|自查)`, 'gu') },
	{ kind: 'drill', pattern: new RegExp(`${EVERY}${SAME_CLAUSE}{0,20}?演练`, 'gu') },
	{
		kind: 'meeting',
		pattern: new RegExp(
			`${EVERY}${SAME_CLAUSE}{0,16}?(?:召开|主持|组织|举行)${SAME_CLAUSE}{0,20}?(?:会议|例会|办公会)`,
			'gu'
		)
	},
	{
		kind: 'education',
		pattern: new RegExp(
			`${EVERY}${SAME_CLAUSE}{0,6}?安全${SAME_CLAUSE}{0,4}?(?:小提示|提示|教育课|课|班会)`,
			'gu'
		)
	}
];

const LETTERS = /(?:签订|签署|签定)[^。；;]{0,24}?责任书|责任书[^。；;]{0,8}?(?:签订|签署)/u;

export function deriveRules(lines: readonly PlanLine[]): PlanRule[] {
	const rules: PlanRule[] = [];
	lines.forEach((line) => {
		for (const sentence of sentences(line.mark?.rest ?? line.text)) {
			if (/是否/u.test(sentence)) continue; // a checklist question, not a rule
			rules.push(...periodic(sentence, lines, line), ...letters(sentence));
		}
	});
	return merged(rules).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

/**
 * One rule per kind and period: a heading ("签订责任书") and its paragraph ("层层签订…责任书")
 * state the same rule, the paragraph with more detail, which is kept.
 */
function merged(rules: readonly PlanRule[]): PlanRule[] {
	const byKey = new Map<string, PlanRule>();
	for (const rule of rules) {
		const key = `${rule.kind}/${rule.every}`;
		const seen = byKey.get(key);
		if (!seen) byKey.set(key, { ...rule });
		else {
			if (seen.chair === undefined && rule.chair !== undefined) seen.chair = rule.chair;
			if (seen.times === undefined && rule.times !== undefined) seen.times = rule.times;
			if (rule.layered === true) seen.layered = true;
		}
	}
	return [...byKey.values()];
}

function periodic(sentence: string, lines: readonly PlanLine[], line: PlanLine): PlanRule[] {
	return PERIODIC.flatMap(({ kind, pattern }) =>
		[...sentence.matchAll(pattern)].map((match): PlanRule => {
			const rule: PlanRule = { kind, every: PERIODS[match.groups?.period ?? ''] ?? '' };
			const times = timesIn(match[0]);
			if (times > 1) rule.times = times;
			const chair = kind === 'meeting' ? meetingChair(sentence, match.index, lines, line) : '';
			if (chair !== '') rule.chair = chair;
			return rule;
		})
	);
}

const COUNTS: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

/** "至少组织两次" → 2; 1 when no count is given. */
function timesIn(text: string): number {
	const count = /([一两二三四五六]|\d+)次/u.exec(text)?.[1] ?? '1';
	return COUNTS[count] ?? (Number(count) || 1);
}

function letters(sentence: string): PlanRule[] {
	if (!LETTERS.test(sentence)) return [];
	const period = new RegExp(EVERY, 'u').exec(sentence)?.groups?.period ?? '';
	return [{ kind: 'letters', every: PERIODS[period] ?? '', layered: /层层|逐级|分级/u.test(sentence) }];
}

/**
 * Who chairs a meeting: "由校长主持"; the subject before "每…" ("校长每季度主持召开…"); or, for
 * a duty under "（一）校长职责" that says "主持召开", the post the section is about.
 */
function meetingChair(sentence: string, at: number, lines: readonly PlanLine[], line: PlanLine): string {
	const named = /由(?<who>[^，,。；;]{1,12}?)(?:亲自)?主持/u.exec(sentence)?.groups?.who;
	if (named) return cleanEntry(named);
	const subject = cleanEntry(sentence.slice(0, at).replace(/(?:要|应|须|必须|坚持|至少)$/u, ''));
	if (subject !== '' && (isPost(subject) || isUnit(subject))) return subject;
	if (!/主持/u.test(sentence)) return '';
	return sectionSubject(lines, line);
}

/** "校长职责" → "校长", "保卫科安全工作职责" → "保卫科"; '' for other titles and for "各科室职责". */
export function dutySubject(title: string): string {
	const subject = /^(?<who>.+?)(?:的)?(?:安全)?(?:工作)?(?:职责|责任)$/u.exec(bareTitle(title))?.groups?.who;
	return subject && !/^(?:各|共同|具体|主要)/u.test(subject) ? subject : '';
}

/** The post or unit of the duty section a line is in ("（一）校长职责" → "校长"). */
function sectionSubject(lines: readonly PlanLine[], line: PlanLine): string {
	for (let parent = lines[line.parent]; parent; parent = lines[parent.parent]) {
		const subject = dutySubject(parent.title);
		if (subject !== '') return subject;
	}
	return '';
}
