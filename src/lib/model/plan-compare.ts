import { diffArrays } from 'diff';
import * as Y from 'yjs';

/**
 * Comparing two texts of the plan (two versions, or a version and the current text) block by
 * block, with the words changed inside a block. jsdiff finds the differences; this module only
 * says what a block and a word are. Marks (bold) are not compared: the text is.
 */

/** A block as the comparison sees it: a heading, a paragraph, a list item, or a table row. */
export type PlanBlockKind = 'heading' | 'paragraph' | 'bullet' | 'ordered' | 'row';

export interface PlanTextBlock {
	kind: PlanBlockKind;
	/** A heading's level (1–3 …), a list item's depth (1 = top), otherwise 0. */
	level: number;
	/** A row's cells; every other block has one. */
	cells: string[];
	/** A table row of header cells. */
	header: boolean;
}

export type DiffOp = 'same' | 'added' | 'removed';

export interface DiffPart {
	op: DiffOp;
	text: string;
}

export interface DiffBlock {
	/** `changed`: the same block with words changed (or its kind or level). */
	status: 'same' | 'added' | 'removed' | 'changed';
	kind: PlanBlockKind;
	level: number;
	header: boolean;
	/** Per cell, the text in parts. */
	cells: DiffPart[][];
	/** A changed block whose kind or level changed (a paragraph made a heading …). */
	restyled: boolean;
}

export interface DiffCounts {
	added: number;
	removed: number;
	changed: number;
}

/** Below this share of unchanged text, a removed and an added block are shown apart, not as one changed. */
const SIMILAR = 0.4;

type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;

/** The blocks of a body in reading order; empty paragraphs are left out (they are spacing). */
export function planTextBlocks(fragment: Y.XmlFragment): PlanTextBlock[] {
	const out: PlanTextBlock[] = [];
	for (const node of fragment.toArray()) readBlock(node, out, 0, null);
	return out;
}

function readBlock(node: Node, out: PlanTextBlock[], depth: number, list: 'bullet' | 'ordered' | null): void {
	if (!(node instanceof Y.XmlElement)) {
		push(out, { kind: 'paragraph', level: 0, cells: [inlineText(node)], header: false });
		return;
	}
	const children = node.toArray();
	switch (node.nodeName) {
		case 'heading': {
			const level = Number(node.getAttribute('level'));
			push(out, {
				kind: 'heading',
				level: Number.isFinite(level) ? level : 1,
				cells: [inlineText(node)],
				header: false
			});
			return;
		}
		case 'bulletList':
		case 'orderedList': {
			const kind = node.nodeName === 'bulletList' ? 'bullet' : 'ordered';
			for (const item of children) readBlock(item, out, depth + 1, kind);
			return;
		}
		case 'listItem':
			for (const child of children) {
				if (child instanceof Y.XmlElement && child.nodeName === 'paragraph')
					push(out, { kind: list ?? 'bullet', level: depth, cells: [inlineText(child)], header: false });
				else readBlock(child, out, depth, list);
			}
			return;
		case 'table':
			for (const row of children) {
				if (!(row instanceof Y.XmlElement)) continue;
				const cells = row.toArray().filter((cell) => cell instanceof Y.XmlElement);
				out.push({
					kind: 'row',
					level: 0,
					cells: cells.map(blockText),
					header: cells.length > 0 && cells.every((cell) => cell.nodeName === 'tableHeader')
				});
			}
			return;
		case 'paragraph':
			push(out, {
				kind: list ?? 'paragraph',
				level: list ? depth : 0,
				cells: [inlineText(node)],
				header: false
			});
			return;
		default:
			// A quote or anything a later editor adds: read what it holds.
			if (children.some((child) => child instanceof Y.XmlElement && isBlockName(child.nodeName)))
				for (const child of children) readBlock(child, out, depth, list);
			else push(out, { kind: 'paragraph', level: 0, cells: [inlineText(node)], header: false });
	}
}

function isBlockName(name: string): boolean {
	return ['paragraph', 'heading', 'bulletList', 'orderedList', 'table', 'blockquote'].includes(name);
}

function push(out: PlanTextBlock[], block: PlanTextBlock): void {
	if (block.cells.some((cell) => cell.trim() !== '')) out.push(block);
}

/** A cell's paragraphs, one a line. */
function blockText(node: Y.XmlElement): string {
	return node
		.toArray()
		.map((child) => inlineText(child))
		.join('\n');
}

function inlineText(node: Node): string {
	if (node instanceof Y.XmlText)
		return (node.toDelta() as { insert?: unknown }[])
			.map((part) => (typeof part.insert === 'string' ? part.insert : ''))
			.join('');
	if (node instanceof Y.XmlElement) {
		if (node.nodeName === 'hardBreak') return '\n';
		return node.toArray().map(inlineText).join('');
	}
	return '';
}

/** Compares two bodies: what `before` has that `after` lost, what `after` added, what changed. */
export function comparePlanBodies(before: Y.XmlFragment, after: Y.XmlFragment): DiffBlock[] {
	return comparePlanBlocks(planTextBlocks(before), planTextBlocks(after));
}

export function comparePlanBlocks(before: PlanTextBlock[], after: PlanTextBlock[]): DiffBlock[] {
	const out: DiffBlock[] = [];
	let removed: PlanTextBlock[] = [];
	let added: PlanTextBlock[] = [];
	const flush = () => {
		pairUp(removed, added, out);
		removed = [];
		added = [];
	};
	let a = 0;
	let b = 0;
	for (const change of diffArrays(before.map(blockKey), after.map(blockKey))) {
		if (change.removed) {
			removed.push(...before.slice(a, a + change.count));
			a += change.count;
		} else if (change.added) {
			added.push(...after.slice(b, b + change.count));
			b += change.count;
		} else {
			flush();
			for (const block of after.slice(b, b + change.count)) out.push(whole(block, 'same'));
			a += change.count;
			b += change.count;
		}
	}
	flush();
	return out;
}

/** How many blocks were added, removed and changed. */
export function countChanges(blocks: readonly DiffBlock[]): DiffCounts {
	const counts: DiffCounts = { added: 0, removed: 0, changed: 0 };
	for (const block of blocks) if (block.status !== 'same') counts[block.status]++;
	return counts;
}

/** Blocks with a table's consecutive rows gathered, as a view lays them out. */
export type DiffSection = { table: false; block: DiffBlock } | { table: true; rows: DiffBlock[] };

export function diffSections(blocks: readonly DiffBlock[]): DiffSection[] {
	const out: DiffSection[] = [];
	for (const block of blocks) {
		const last = out.at(-1);
		if (block.kind !== 'row') out.push({ table: false, block });
		else if (last?.table) last.rows.push(block);
		else out.push({ table: true, rows: [block] });
	}
	return out;
}

function blockKey(block: PlanTextBlock): string {
	return `${block.kind}\u0001${block.level}\u0001${block.header}\u0001${block.cells.join('\u0002')}`;
}

function whole(block: PlanTextBlock, status: 'same' | 'added' | 'removed'): DiffBlock {
	const op: DiffOp = status === 'same' ? 'same' : status;
	return {
		status,
		kind: block.kind,
		level: block.level,
		header: block.header,
		cells: block.cells.map((text) => (text === '' ? [] : [{ op, text }])),
		restyled: false
	};
}

/**
 * A run of removed blocks and the run of added blocks at the same place: each removed block is
 * one changed block with the first added block after the last pairing that is alike enough (rows:
 * with as many cells); the others show as removed (first) and added, in the new text's order.
 */
function pairUp(removed: PlanTextBlock[], added: PlanTextBlock[], out: DiffBlock[]): void {
	const gone: DiffBlock[] = [];
	let next = 0;
	for (const old of removed) {
		let match: DiffBlock | null = null;
		let at = next;
		for (; at < added.length && match === null; at++) match = changedBlock(old, added[at] as PlanTextBlock);
		if (match === null) {
			gone.push(whole(old, 'removed'));
			continue;
		}
		out.push(...gone.splice(0), ...added.slice(next, at - 1).map((block) => whole(block, 'added')), match);
		next = at;
	}
	out.push(...gone, ...added.slice(next).map((block) => whole(block, 'added')));
}

function changedBlock(old: PlanTextBlock, next: PlanTextBlock): DiffBlock | null {
	if ((old.kind === 'row') !== (next.kind === 'row')) return null;
	if (old.cells.length !== next.cells.length) return null;
	const cells = old.cells.map((text, i) => diffText(text, next.cells[i] ?? ''));
	const total = old.cells.join('').length + next.cells.join('').length;
	const same = cells.flat().reduce((sum, part) => sum + (part.op === 'same' ? part.text.length : 0), 0);
	if (total > 0 && (2 * same) / total < SIMILAR) return null;
	return {
		status: 'changed',
		kind: next.kind,
		level: next.level,
		header: next.header,
		cells,
		restyled: old.kind !== next.kind || old.level !== next.level || old.header !== next.header
	};
}

const segmenter =
	typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function'
		? new Intl.Segmenter('zh-CN', { granularity: 'word' })
		: null;

/**
 * Words of a text: Chinese has no spaces, so the platform's dictionary (Intl.Segmenter) tells
 * 安全|检查 apart; without one, each character is a word. Spaces and punctuation are tokens too,
 * so the parts join back to the two texts exactly.
 */
export function words(text: string): string[] {
	if (segmenter === null) return Array.from(text);
	return Array.from(segmenter.segment(text), (segment) => segment.segment);
}

/** The in-block difference of two texts, as runs of same, removed and added words. */
export function diffText(before: string, after: string): DiffPart[] {
	const parts: DiffPart[] = [];
	for (const change of diffArrays(words(before), words(after))) {
		const op: DiffOp = change.added ? 'added' : change.removed ? 'removed' : 'same';
		const text = change.value.join('');
		const last = parts.at(-1);
		if (text === '') continue;
		if (last?.op === op) last.text += text;
		else parts.push({ op, text });
	}
	return parts;
}
