import type { PlanLine } from './plan-import.ts';
import { isVague, splitUnits } from './plan-names.ts';
import { bareTitle, stripSpaces } from './plan-text.ts';

/**
 * Safety domains and their owner departments, from the numbered lines that assign them:
 * "学校内部安全管理，由总务处和安保处负责", "由教技室、总务处和安保处共同负责",
 * "校园治安：由保卫科牵头，各年级组配合", "消防安全——总务处负责", or a title followed by
 * "责任部门：总务处（牵头）、保卫处". Owners are listed lead first, then those who assist, as
 * written; supporters said vaguely ("其他相关科室协助") name nobody and are left out.
 */

export interface PlanDomain {
	title: string;
	owners: string[];
}

/** A domain with where its text is, for the departments' duties. */
export interface FoundDomain extends PlanDomain {
	/** Index of its line. */
	line: number;
	/** Its line and the lines below it, after the sentence that assigns it. */
	body: string;
}

const HOW = '(?:共同|分工|具体|全面|统一|主要)?(?:负责|牵头|主抓|承担|主管)';
const FIELD = '[^，,。；;：:]';

const ASSIGNED: readonly RegExp[] = [
	// "学校内部安全管理，由总务处和安保处负责"; "消防安全由总务处负责"
	new RegExp(`^(?<title>${FIELD}{2,30}?)[，,：:]?\\s*由(?<owners>${FIELD}{1,40}?)${HOW}(?<more>.*)$`, 'u'),
	// "校舍安全：总务处负责"; "消防安全——总务处负责"
	new RegExp(
		`^(?<title>${FIELD}{2,30}?)(?:[：:]|——|—|－－)\\s*(?<owners>${FIELD}{1,40}?)${HOW}(?<more>.*)$`,
		'u'
	)
];

const LABELLED_OWNERS = /(?:责任|负责|牵头|主责)(?:部门|处室|科室|单位)[：:](?<owners>[^。；;]+)/u;
const LABELLED_HELPERS = /(?:配合|协助|协办)(?:部门|处室|科室|单位)[：:](?<owners>[^。；;]+)/u;
const HELPERS = /^[，,]\s*(?<owners>[^，,。；;]{1,30}?)(?:配合|协助|参与)/u;

export function deriveDomains(lines: readonly PlanLine[]): FoundDomain[] {
	const found: FoundDomain[] = [];
	lines.forEach((line, index) => {
		if (!line.mark) return;
		const domain = assigned(line.mark.rest) ?? labelled(lines, index);
		if (!domain) return;
		const below = lines.filter((other) => other.parent === index).map((other) => other.text);
		found.push({ ...domain, line: index, body: [domain.body, ...below].join('\n') });
	});
	return found;
}

function firstSentence(text: string): { head: string; after: string } {
	const end = text.search(/[。；;]/u);
	return end < 0 ? { head: text, after: '' } : { head: text.slice(0, end), after: text.slice(end + 1) };
}

function assigned(text: string): (PlanDomain & { body: string }) | null {
	const { head, after } = firstSentence(text);
	for (const pattern of ASSIGNED) {
		const groups = pattern.exec(head)?.groups;
		if (!groups?.title || !groups.owners) continue;
		const owners = units(groups.owners);
		if (owners.length === 0 || !owners.every(looksLikeOwner)) continue;
		const helpers = units(HELPERS.exec(groups.more ?? '')?.groups?.owners ?? '');
		return { title: stripSpaces(groups.title), owners: merge(owners, helpers), body: after };
	}
	return null;
}

/** "（1）校园消防安全。责任部门：总务处（牵头）、保卫处。" on its line or the line below. */
function labelled(lines: readonly PlanLine[], index: number): (PlanDomain & { body: string }) | null {
	const line = lines[index];
	if (!line?.mark) return null;
	const next = lines[index + 1];
	// The line below when it is this line's own text, not a numbered line of its own.
	const text = [line.mark.rest, next?.parent === index && !next.mark ? next.text : ''].join('\n');
	const owners = units(LABELLED_OWNERS.exec(text)?.groups?.owners ?? '');
	if (owners.length === 0) return null;
	const helpers = units(LABELLED_HELPERS.exec(text)?.groups?.owners ?? '');
	const title = bareTitle(line.mark.rest.split(/[。；;：:，,\n]/u)[0] ?? '');
	if (title === '' || /(?:部门|处室|科室|单位)$/u.test(title)) return null;
	return { title: stripSpaces(title), owners: merge(owners, helpers), body: text };
}

function units(text: string): string[] {
	return splitUnits(text).filter((unit) => !isVague(unit));
}

/** An owner is a unit or a post, never a clause ("周尹尹同志兼任办公室主任"). */
function looksLikeOwner(owner: string): boolean {
	return owner.length <= 12 && !/(?:同志|兼任|担任|下设)/u.test(owner);
}

function merge(owners: string[], helpers: string[]): string[] {
	return [...new Set([...owners, ...helpers])];
}
