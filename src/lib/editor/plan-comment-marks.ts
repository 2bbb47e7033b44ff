import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import {
	absolutePositionToRelativePosition,
	relativePositionToAbsolutePosition,
	ySyncPluginKey
} from '@tiptap/y-tiptap';
import { anchorFromJSON, anchorToJSON, QUOTE_MAX, type CommentAnchor } from '../model/plan-comments.ts';

/**
 * Comment threads' passages drawn in the plan: decorations, not marks, so nothing is written into
 * the body (members who may not write the text comment too). Each passage's place is a pair of
 * Yjs relative positions kept with its thread (plan-comments.ts), turned into the editor's
 * positions whenever the document changes from elsewhere and mapped through local edits, the way
 * y-tiptap draws others' selections.
 */

export interface CommentHighlight {
	id: string;
	anchor: CommentAnchor;
}

export interface SelectedPassage {
	anchor: CommentAnchor;
	quote: string;
}

interface MarksState {
	highlights: readonly CommentHighlight[];
	active: string | null;
	decorations: DecorationSet;
}

type Meta = { highlights?: readonly CommentHighlight[]; active?: string | null };

const key = new PluginKey<MarksState>('planCommentMarks');

function binding(state: EditorState) {
	const ystate = ySyncPluginKey.getState(state);
	if (!ystate?.binding || !ystate.doc || !ystate.type) return null;
	return { doc: ystate.doc, type: ystate.type, mapping: ystate.binding.mapping };
}

/** The passage's range in `state`, or null when it is gone. */
function range(state: EditorState, anchor: CommentAnchor): { from: number; to: number } | null {
	const y = binding(state);
	if (y === null || y.mapping.size === 0) return null;
	const from = relativePositionToAbsolutePosition(y.doc, y.type, anchorFromJSON(anchor.start), y.mapping);
	const to = relativePositionToAbsolutePosition(y.doc, y.type, anchorFromJSON(anchor.end), y.mapping);
	if (from === null || to === null || to <= from || to > state.doc.content.size) return null;
	return { from, to };
}

function draw(
	state: EditorState,
	highlights: readonly CommentHighlight[],
	active: string | null
): DecorationSet {
	const decorations: Decoration[] = [];
	for (const { id, anchor } of highlights) {
		const at = range(state, anchor);
		if (at === null) continue;
		decorations.push(
			Decoration.inline(
				at.from,
				at.to,
				{ class: id === active ? 'plan-comment active' : 'plan-comment', 'data-thread': id },
				{ inclusiveStart: false, inclusiveEnd: false }
			)
		);
	}
	return DecorationSet.create(state.doc, decorations);
}

/** `onClick` is called with a thread's id when its passage is clicked or tapped. */
export function commentMarks(onClick: (threadId: string) => void) {
	return Extension.create({
		name: 'planCommentMarks',
		addProseMirrorPlugins() {
			return [
				new Plugin<MarksState>({
					key,
					state: {
						init: (_, state) => ({ highlights: [], active: null, decorations: draw(state, [], null) }),
						apply(tr, prev, _old, state) {
							const meta = tr.getMeta(key) as Meta | undefined;
							const remote = ySyncPluginKey.getState(state)?.isChangeOrigin === true;
							if (meta !== undefined || remote) {
								const highlights = meta?.highlights ?? prev.highlights;
								const active = meta?.active !== undefined ? meta.active : prev.active;
								return { highlights, active, decorations: draw(state, highlights, active) };
							}
							if (!tr.docChanged) return prev;
							return { ...prev, decorations: prev.decorations.map(tr.mapping, tr.doc) };
						}
					},
					props: {
						decorations: (state) => key.getState(state)?.decorations,
						handleClick(_view, _pos, event) {
							const target = event.target instanceof Element ? event.target.closest('[data-thread]') : null;
							const id = target?.getAttribute('data-thread');
							if (id) onClick(id);
							return false;
						}
					}
				})
			];
		}
	});
}

export function setHighlights(
	view: EditorView,
	highlights: readonly CommentHighlight[],
	active: string | null
): void {
	view.dispatch(view.state.tr.setMeta(key, { highlights, active } satisfies Meta));
}

/** Marks `threadId`'s passage and scrolls it into the middle of the screen; false when it is gone. */
export function showThread(view: EditorView, threadId: string): boolean {
	view.dispatch(view.state.tr.setMeta(key, { active: threadId } satisfies Meta));
	const element = view.dom.querySelector(`[data-thread="${CSS.escape(threadId)}"]`);
	element?.scrollIntoView({ block: 'center', behavior: 'smooth' });
	return element !== null;
}

/**
 * The selected passage as a thread's anchor, or null when nothing is selected. A read-only
 * editor's selection is the page's own (the reader selected text with the mouse or a long press).
 */
export function selectedPassage(view: EditorView): SelectedPassage | null {
	let { from, to } = view.state.selection;
	const dom = view.dom.ownerDocument.getSelection();
	const r = dom && dom.rangeCount > 0 && !dom.isCollapsed ? dom.getRangeAt(0) : null;
	if (r && view.dom.contains(r.startContainer) && view.dom.contains(r.endContainer)) {
		from = view.posAtDOM(r.startContainer, r.startOffset);
		to = view.posAtDOM(r.endContainer, r.endOffset);
	}
	if (from >= to) return null;
	const quote = view.state.doc.textBetween(from, to, ' ').trim();
	const y = binding(view.state);
	if (quote === '' || y === null) return null;
	const end = absolutePositionToRelativePosition(to, y.type, y.mapping);
	// The start before the passage's first character (assoc 0), so text typed just before the
	// passage stays out of it; y-tiptap makes positions after the character on their left.
	let start = anchorToJSON(absolutePositionToRelativePosition(from, y.type, y.mapping));
	const $from = view.state.doc.resolve(from);
	if ($from.parent.isTextblock && from < $from.end()) {
		const next = anchorToJSON(absolutePositionToRelativePosition(from + 1, y.type, y.mapping));
		if (next.item !== undefined) start = { ...next, assoc: 0 };
	}
	return { anchor: { start, end: anchorToJSON(end) }, quote: quote.slice(0, QUOTE_MAX) };
}
