import * as Y from 'yjs';
import { localOrigin, type Actor, type Origin } from './origin.ts';
import { planBlocks, type ParsedPlan, type PlanBlock } from './plan-import.ts';
import { planBody, saveVersion, type PlanVersion } from './plan.ts';
import { chinaDate } from './time.ts';

/**
 * Writing blocks into the plan's body as the rich-text editor (TipTap 3's StarterKit through
 * y-prosemirror) stores them: `heading` elements with a numeric `level` attribute, `paragraph`
 * elements, each holding one Y.XmlText. Marks are text attributes named after the mark with its
 * attributes as value (`bold: {}`), which is how y-prosemirror writes them.
 */

function element(block: PlanBlock): Y.XmlElement {
	const node = new Y.XmlElement(block.type);
	// A number, as ProseMirror's heading node holds it: a string "1" would not match its levels.
	// Yjs types attributes as strings by default but stores any JSON value.
	if (block.type === 'heading')
		(node as unknown as Y.XmlElement<{ level: number }>).setAttribute('level', block.level);
	const text = new Y.XmlText();
	text.insert(0, block.text, block.type === 'paragraph' && block.title ? { bold: {} } : undefined);
	node.insert(0, [text]);
	return node;
}

/** Replaces the body with `blocks` in one transaction (the history keeps what was there). */
export function replacePlanBody(doc: Y.Doc, blocks: readonly PlanBlock[], origin: Origin): void {
	doc.transact(() => {
		const body = planBody(doc);
		if (body.length > 0) body.delete(0, body.length);
		body.insert(0, blocks.filter((block) => block.text !== '').map(element));
	}, origin);
}

/** Whether the body holds any text (an empty paragraph left by an editor is not content). */
export function planBodyHasText(doc: Y.Doc): boolean {
	return planBody(doc)
		.toArray()
		.some((node) => nodeText(node).trim() !== '');
}

function nodeText(node: Y.XmlElement | Y.XmlText | Y.XmlHook): string {
	if (node instanceof Y.XmlText)
		return (node.toDelta() as { insert?: unknown }[])
			.map((part) => (typeof part.insert === 'string' ? part.insert : ''))
			.join('');
	if (node instanceof Y.XmlElement) return node.toArray().map(nodeText).join('');
	return '';
}

/** The name of the version an import saves first: "导入前 2026-11-29" (the CLI's --replace too). */
export function importVersionName(now: number): string {
	return `导入前 ${chinaDate(now)}`;
}

/**
 * Imports a parsed plan into the body, as one change by `actor`. A body that has text is saved as
 * a version first ("导入前 <date>"), in the same transaction, so nothing is lost; returns it.
 */
export function importPlan(
	doc: Y.Doc,
	plan: ParsedPlan,
	actor: Actor,
	now: number = Date.now()
): PlanVersion | null {
	const origin = localOrigin(actor);
	let saved: PlanVersion | null = null;
	doc.transact(() => {
		if (planBodyHasText(doc)) saved = saveVersion(doc, importVersionName(now), actor, now);
		replacePlanBody(doc, planBlocks(plan), origin);
	}, origin);
	return saved;
}

/**
 * The body as plain text, one block a line (list items and quotes too), for parsePlan: headings
 * keep their number in their text, so the outline reads back as it was written or imported.
 */
export function planBodyText(doc: Y.Doc): string {
	const lines: string[] = [];
	const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
		if (!(node instanceof Y.XmlElement)) return;
		if (node.nodeName === 'paragraph' || node.nodeName === 'heading') lines.push(nodeText(node));
		else node.toArray().forEach(visit);
	};
	planBody(doc).toArray().forEach(visit);
	return lines.join('\n');
}
