import type { PlanLine } from './plan-import.ts';
import { cleanEntry, splitNames } from './plan-names.ts';
import { clauses, dropParenthesised, stripSpaces } from './plan-text.ts';

/**
 * The leadership group (领导小组) and its office as the plan names them. Two ways of writing the
 * group are read: label lines ("组  长：王晓芳", "成  员：王晓华 周尹尹 黄  春 …" continued on
 * the next line) and one sentence ("成立以校长王晓芳为组长，副校长薛建平、章方辉为副组长，…为成员的
 * 领导小组"). Entries are names without padding, or posts as written; what the text does not say
 * stays empty.
 */

export interface PlanGroup {
	leader: string[];
	deputies: string[];
	members: string[];
}

type GroupRole = keyof PlanGroup;

const GROUP_LABELS: Record<string, GroupRole> = {
	组长: 'leader',
	第一组长: 'leader',
	副组长: 'deputies',
	常务副组长: 'deputies',
	执行组长: 'deputies',
	成员: 'members',
	组员: 'members'
};

/** "组  长：王晓芳" → label "组长", value "王晓芳"; null when the line is no label line. */
export function labelLine(line: PlanLine): { label: string; value: string } | null {
	const text = line.mark?.rest ?? line.text;
	const colon = text.search(/[：:]/u);
	if (colon < 1 || colon > 16) return null;
	const label = stripSpaces(dropParenthesised(text.slice(0, colon)));
	return { label, value: text.slice(colon + 1).trim() };
}

/** A line of names only, continuing the list above it ("曹  祺 侯燕婷 吴玉南"). */
function isNameLine(line: PlanLine): boolean {
	if (line.mark !== null || /[：:。；;]/u.test(line.text) || line.text.length > 60) return false;
	const names = splitNames(line.text);
	return names.length > 0 && names.every((name) => /^[\p{Script=Han}·]{2,6}$/u.test(name));
}

export function deriveGroup(lines: readonly PlanLine[]): PlanGroup {
	return groupFromLabels(lines) ?? groupFromSentence(lines) ?? { leader: [], deputies: [], members: [] };
}

/** The label lines of the leadership group: the cluster under a 领导小组 heading, else the first. */
function groupFromLabels(lines: readonly PlanLine[]): PlanGroup | null {
	const clusters: { start: number; group: PlanGroup }[] = [];
	let current: { start: number; group: PlanGroup; last: GroupRole } | null = null;
	lines.forEach((line, index) => {
		const label = labelLine(line);
		const role = label ? GROUP_LABELS[label.label] : undefined;
		if (label && role) {
			if (!current || (role === 'leader' && current.group.leader.length > 0)) {
				current = { start: index, group: { leader: [], deputies: [], members: [] }, last: role };
				clusters.push(current);
			}
			current.group[role].push(...splitNames(label.value));
			current.last = role;
		} else if (current && isNameLine(line)) {
			current.group[current.last].push(...splitNames(line.text));
		} else current = null;
	});
	const leadership = clusters.find(({ start }) => mentionsLeadership(lines, start));
	return (leadership ?? clusters[0])?.group ?? null;
}

/** Whether the heading above a cluster, or the line before it, names the leadership group. */
function mentionsLeadership(lines: readonly PlanLine[], start: number): boolean {
	const line = lines[start];
	const parent = line && line.parent >= 0 ? lines[line.parent] : undefined;
	return /领导小组/u.test(parent?.text ?? '') || /领导小组/u.test(lines[start - 1]?.text ?? '');
}

const SENTENCE_ROLES: readonly { role: GroupRole; pattern: RegExp }[] = [
	// "副校长薛建平、章方辉为副组长"; "副组长由分管副校长担任".
	{ role: 'deputies', pattern: /^(.+?)(?:任|为|担任)(?:常务)?副组长/u },
	{ role: 'deputies', pattern: /^(?:常务)?副组长(?:由|为|是)(.+?)(?:担任|兼任)?$/u },
	{ role: 'leader', pattern: /^(?:.*?成立)?(?:以)?(.+?)(?:任|为|担任)组长/u },
	{ role: 'leader', pattern: /^组长(?:由|为|是)(.+?)(?:担任|兼任)?$/u },
	{ role: 'members', pattern: /^(.+?)(?:任|为)(?:成员|组员)/u },
	{ role: 'members', pattern: /^(?:成员|组员)(?:由|为|是|包括)(.+?)(?:组成|担任)?$/u }
];

function groupFromSentence(lines: readonly PlanLine[]): PlanGroup | null {
	const line = lines.find((candidate) => /组长/u.test(candidate.text) && /小组/u.test(candidate.text));
	if (!line) return null;
	const group: PlanGroup = { leader: [], deputies: [], members: [] };
	// "副校长赵丽娟，王军为副组长": a list may run over commas; clauses without a role join the next.
	let pending: string[] = [];
	for (const clause of clauses(line.mark?.rest ?? line.text)) {
		const found = sentenceRole(clause);
		if (!found) {
			pending.push(clause);
			continue;
		}
		group[found.role].push(...splitNames([...pending, found.value].join('、')));
		pending = [];
	}
	return group.leader.length + group.deputies.length + group.members.length > 0 ? group : null;
}

function sentenceRole(clause: string): { role: GroupRole; value: string } | null {
	for (const { role, pattern } of SENTENCE_ROLES) {
		const value = pattern.exec(clause)?.[1];
		if (value !== undefined) return { role, value };
	}
	return null;
}

export interface PlanOffice {
	/** Where it sits, as written ("安保处", "行政楼三楼"); '' when the plan does not say. */
	location: string;
	director: string;
	deputy: string;
}

/** A line about the group's office (not a duty of the department called 办公室). */
const OFFICE_LINE =
	/下设[^。，,]{0,10}办公室|办公室(?:设在|设于|位于)|办公室(?:副)?主任(?:[：:由为]|$)|办公地点/u;

export function deriveOffice(lines: readonly PlanLine[]): PlanOffice {
	const office: PlanOffice = { location: '', director: '', deputy: '' };
	let inOffice = false;
	for (const line of lines) {
		const label = labelLine(line);
		if (OFFICE_LINE.test(line.text)) {
			inOffice = true;
			readOfficeLine(line.mark?.rest ?? line.text, office);
		} else if (inOffice && label && /^(?:办公室)?(?:副)?主任$|地点$/u.test(label.label)) {
			readOfficeLine(`${label.label}：${label.value}`, office);
		} else inOffice = false;
	}
	return office;
}

function readOfficeLine(text: string, office: PlanOffice): void {
	const place = /(?:设在|设于|位于)([^，,。；;）)]+)|办公地点[：:]([^，,。；;]+)/u.exec(text);
	const where = place?.[1] ?? place?.[2];
	if (office.location === '' && where) office.location = stripSpaces(where).replace(/内$/u, '');
	for (const clause of clauses(text)) {
		const who = officeHolder(clause);
		if (!who) continue;
		const key = who.deputy ? 'deputy' : 'director';
		if (office[key] === '') office[key] = who.names.join('、');
	}
}

const HOLDER_PATTERNS: readonly RegExp[] = [
	// "由周尹尹同志兼任办公室主任", "王晓华任副主任"
	/^(?:由)?(?<who>.+?)(?:同志)?(?:兼任|担任|任|为)(?:办公室)?(?<deputy>副)?主任/u,
	// "办公室主任由政教处主任孙伟担任", "副主任：刘洋"
	/^(?:领导小组)?(?:办公室)?(?<deputy>副)?主任(?:由|为|是|[：:])(?<who>.+?)(?:同志)?(?:兼任|担任)?$/u
];

function officeHolder(clause: string): { names: string[]; deputy: boolean } | null {
	for (const pattern of HOLDER_PATTERNS) {
		const groups = pattern.exec(clause)?.groups;
		const who = groups?.who;
		if (who === undefined) continue;
		const names = splitNames(who).map(cleanEntry).filter(Boolean);
		if (names.length > 0) return { names, deputy: groups?.deputy !== undefined };
	}
	return null;
}
