import { deriveDomains, type FoundDomain, type PlanDomain } from './plan-domains.ts';
import { deriveGroup, deriveOffice, labelLine, type PlanGroup, type PlanOffice } from './plan-group.ts';
import type { OutlineEntry, ParsedPlan, PlanLine } from './plan-import.ts';
import { isUnit } from './plan-names.ts';
import { deriveRules, dutySubject, type PlanRule } from './plan-rules.ts';
import { bareTitle } from './plan-text.ts';

/**
 * What a plan's text says about who does what, as proposals for the duty board and the compliance
 * settings (nothing here writes anything). The shape is a contract: `npm run admin -- plan derive`
 * prints exactly this, and scripts and checks read it. Fields the text does not give are empty
 * ('' or []), never guessed.
 */
export interface PlanDerivation {
	outline: OutlineEntry[];
	group: PlanGroup;
	office: PlanOffice;
	domains: PlanDomain[];
	departments: PlanDepartment[];
	rules: PlanRule[];
}

export interface PlanDepartment {
	name: string;
	/** Its duties as the plan words them, one per line: its own section, then its domains. */
	duties: string;
}

export function derivePlan(plan: ParsedPlan): PlanDerivation {
	const domains = deriveDomains(plan.lines);
	return {
		outline: plan.outline,
		group: deriveGroup(plan.lines),
		office: deriveOffice(plan.lines),
		domains: domains.map(({ title, owners }) => ({ title, owners })),
		departments: deriveDepartments(plan.lines, domains),
		rules: deriveRules(plan.lines)
	};
}

/**
 * Departments in the order the plan first names them, from three places: a section of their own
 * ("（三）保卫科职责" and its items), a line of their own ("(1)政教处：负责学生安全教育…"), and the
 * domains they own (the domain's title, with what the plan says that department does in it:
 * "总务处负责做好学校食堂日常卫生管理…"). Posts (校长, 班主任) are not departments.
 */
function deriveDepartments(lines: readonly PlanLine[], domains: readonly FoundDomain[]): PlanDepartment[] {
	const duties = new Map<string, string[]>();
	const add = (name: string, duty: string) => {
		if (!isUnit(name) || /^各/u.test(name)) return;
		const list = duties.get(name) ?? [];
		if (duty !== '' && !list.includes(duty)) list.push(duty);
		duties.set(name, list);
	};
	const domainAt = new Map(domains.map((domain) => [domain.line, domain]));
	lines.forEach((line, index) => {
		const domain = domainAt.get(index);
		for (const owner of domain?.owners ?? []) {
			const specific = domain ? specificDuty(domain, owner) : '';
			add(owner, specific === '' ? (domain?.title ?? '') : `${domain?.title ?? ''}：${specific}`);
		}
		const own = domain || !line.mark ? null : (ownSection(lines, line, index) ?? ownLine(line));
		if (own) add(own.name, own.duty);
	});
	return [...duties].map(([name, list]) => ({ name, duties: list.join('\n') }));
}

/**
 * A heading "X职责" with its content: X's duties; or a heading naming a unit ("（一）教导处") in a
 * section about duties ("三、工作职责", "职责分工").
 */
function ownSection(lines: readonly PlanLine[], line: PlanLine, index: number) {
	if (line.role !== 'heading') return null;
	const inDuties = /职责|分工|责任/u.test(lines[line.parent]?.title ?? '');
	const name = dutySubject(line.title) || (inDuties && isUnit(line.title) ? line.title : '');
	if (name === '') return null;
	const below = lines
		.filter((other) => other.parent === index)
		.map((other) => other.mark?.rest ?? other.text);
	return { name, duty: below.join('\n') };
}

/** "(1)政教处：负责学生安全教育…" or "(1)政教处职责：…". */
function ownLine(line: PlanLine) {
	const label = labelLine(line);
	if (!label) return null;
	const name = label.label.replace(/(?:的)?(?:安全)?(?:工作)?(?:职责|责任)$/u, '');
	return isUnit(name) && name.length <= 10 ? { name, duty: label.value } : null;
}

/** What the domain's text says this owner does: "安保处具体负责…", up to the sentence's end. */
function specificDuty(domain: FoundDomain, owner: string): string {
	const starts = domain.owners
		.flatMap((name) => [...domain.body.matchAll(new RegExp(`${escape(name)}(?:具体|主要)?负责`, 'gu'))])
		.map((match) => ({
			index: match.index,
			end: match.index + match[0].length,
			mine: match[0].startsWith(owner)
		}))
		.sort((a, b) => a.index - b.index);
	const start = starts.find((candidate) => candidate.mine);
	if (!start) return '';
	const next = starts.find((candidate) => candidate.index >= start.end)?.index ?? domain.body.length;
	const stop = domain.body.slice(start.end, next).search(/[。\n]/u);
	const text = domain.body.slice(start.end, stop < 0 ? next : start.end + stop);
	return bareTitle(text.trim());
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
