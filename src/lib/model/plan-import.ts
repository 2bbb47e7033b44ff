import { bareTitle, isTitleLike, numbering, runInSplit, splitLines, type Numbering } from './plan-text.ts';

/**
 * The outline of a plan from its text (pasted, `.txt`, or the paragraphs of a `.docx`).
 *
 * A numbered line is a heading or a list item. Official plans number both the same way ("（1）认真
 * 贯彻执行…" is an item, "（一）校长职责" a heading), so a line is a heading when it reads as a
 * title (short, one phrase) and it or a sibling of its style has content below it (text or deeper
 * numbers); a list of short sentences with nothing below stays a list. Top-level numbers are always
 * headings, and a top-level or （一） line may run its heading into its paragraph ("（一）加强领导。
 * 学校成立…"). Levels follow the official ranks of the styles this plan uses for headings: a plan
 * numbered 一、 （一） 1、 gets levels 1 2 3; one numbered 一. 1. (1) gets 1 2 3 too.
 */

export type LineRole = 'title' | 'heading' | 'item' | 'paragraph';

export interface PlanLine {
	/** The line as written, trimmed. */
	text: string;
	mark: Numbering | null;
	role: LineRole;
	/** Index of the enclosing numbered line, -1 at the top. */
	parent: number;
	/** Heading level (1 …) for headings, 0 otherwise. */
	level: number;
	/** Headings: the title without number and trailing punctuation; others: the text after the number. */
	title: string;
	/** A heading run into its paragraph: the heading part as written ("（一）加强领导。"). */
	runIn?: { head: string; rest: string };
}

export interface OutlineEntry {
	level: number;
	number: string;
	title: string;
}

export interface ParsedPlan {
	/** The document's title lines before the first number, joined; '' if none. */
	title: string;
	lines: PlanLine[];
	outline: OutlineEntry[];
}

/** Lines above the first number that read as the title: at most this many. */
const TITLE_LINES = 3;

export function parsePlan(text: string): ParsedPlan {
	const lines: PlanLine[] = splitLines(text).map((line) => ({
		text: line,
		mark: numbering(line),
		role: 'paragraph',
		parent: -1,
		level: 0,
		title: ''
	}));
	markTitle(lines);
	linkParents(lines);
	assignRoles(lines);
	assignLevels(lines);
	const title = lines
		.filter((line) => line.role === 'title')
		.map((line) => line.text)
		.join('');
	const outline = lines
		.filter((line) => line.role === 'heading' && line.mark !== null)
		.map((line) => ({ level: line.level, number: line.mark?.number ?? '', title: line.title }));
	return { title, lines, outline };
}

function markTitle(lines: PlanLine[]): void {
	for (const line of lines.slice(0, TITLE_LINES)) {
		if (line.mark !== null || !isTitleLike(line.text) || /[。：:]$/u.test(line.text)) return;
		line.role = 'title';
	}
}

/** Each line's enclosing numbered line: the nearest one above it of a higher rank. */
function linkParents(lines: PlanLine[]): void {
	const open: number[] = [];
	lines.forEach((line, index) => {
		if (line.role === 'title') return;
		const rank = line.mark?.rank;
		if (rank !== undefined) {
			while (open.length > 0 && (lines[open[open.length - 1] ?? 0]?.mark?.rank ?? 0) >= rank) open.pop();
		}
		line.parent = open[open.length - 1] ?? -1;
		if (rank !== undefined) open.push(index);
	});
}

function assignRoles(lines: PlanLine[]): void {
	const topRank = Math.min(...lines.flatMap((line) => (line.mark ? [line.mark.rank] : [])));
	const runIns = lines.map((line) => runIn(line, topRank));
	const headingGroups = groupsWithContent(lines, runIns);
	lines.forEach((line, index) => {
		const mark = line.mark;
		if (!mark || line.role === 'title') return;
		const split = runIns[index];
		if (isTitleLike(mark.rest) && (mark.rank === topRank || headingGroups.has(groupOf(line)))) {
			line.role = 'heading';
			line.title = bareTitle(mark.rest);
		} else if (split) {
			line.role = 'heading';
			line.title = bareTitle(split.head);
			line.runIn = { head: `${mark.number}${split.head}`, rest: split.rest };
		} else {
			line.role = 'item';
			line.title = mark.rest;
		}
	});
}

/** Siblings: the numbered lines of one style under one parent. */
function groupOf(line: PlanLine): string {
	return `${line.parent}/${line.mark?.rank ?? 0}`;
}

/** The sibling groups in which a line has content: lines below it, or its text run in after it. */
function groupsWithContent(lines: readonly PlanLine[], runIns: readonly unknown[]): Set<string> {
	const parents = new Set(lines.map((line) => line.parent));
	const groups = new Set<string>();
	lines.forEach((line, index) => {
		if (line.mark && (parents.has(index) || runIns[index] !== null)) groups.add(groupOf(line));
	});
	return groups;
}

/** A top-level or （一） line whose heading runs into its text ("（一）加强领导。学校成立…"). */
function runIn(line: PlanLine, topRank: number): { head: string; rest: string } | null {
	const mark = line.mark;
	if (!mark || line.role === 'title' || isTitleLike(mark.rest)) return null;
	if (mark.rank !== topRank && mark.rank > 2) return null;
	const split = runInSplit(mark.rest);
	return split && isTitleLike(split.head) ? split : null;
}

/** Levels by the official rank of the styles that head sections here: the highest is level 1. */
function assignLevels(lines: PlanLine[]): void {
	const headings = lines.filter((line) => line.role === 'heading');
	const ranks = [...new Set(headings.map((line) => line.mark?.rank ?? 0))].sort((a, b) => a - b);
	for (const line of headings) line.level = ranks.indexOf(line.mark?.rank ?? 0) + 1;
}

/** A block of the plan's body as the editor shows it. */
export type PlanBlock =
	{ type: 'heading'; level: number; text: string } | { type: 'paragraph'; text: string; title?: true };

/**
 * The body's blocks: headings keep their number in their text ("一、指导思想"), so the numbering
 * survives as written; items and paragraphs are paragraphs; the title is a paragraph marked as such.
 */
export function planBlocks(plan: ParsedPlan): PlanBlock[] {
	const blocks: PlanBlock[] = [];
	if (plan.title !== '') blocks.push({ type: 'paragraph', text: plan.title, title: true });
	for (const line of plan.lines) {
		if (line.role === 'title') continue;
		if (line.role !== 'heading') blocks.push({ type: 'paragraph', text: line.text });
		else if (line.runIn) {
			blocks.push({ type: 'heading', level: line.level, text: line.runIn.head });
			blocks.push({ type: 'paragraph', text: line.runIn.rest });
		} else blocks.push({ type: 'heading', level: line.level, text: line.text });
	}
	return blocks;
}
