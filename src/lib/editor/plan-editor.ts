import { Editor, type AnyExtension } from '@tiptap/core';
import { Collaboration, type CollaborationOptions } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { TableKit } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';
import type { Awareness } from 'y-protocols/awareness';
import {
	commentMarks,
	selectedPassage,
	setHighlights,
	showThread,
	type CommentHighlight,
	type SelectedPassage
} from './plan-comment-marks.ts';
import type { PlanTableAction, PlanTool, PlanTools } from './plan-tools.ts';

/**
 * The plan's rich-text editor: TipTap 3 bound to the plan document's body fragment through
 * y-tiptap (Collaboration), with everyone's carets from the document's awareness. Loaded with
 * `import()` by PlanState only, so no other screen pays for it (~125 kB gz).
 */

/**
 * The document's nodes and marks: StarterKit as plan-body.ts writes it. Without its own undo
 * (Collaboration's undoes only this device's changes), and without the two extensions that write
 * by themselves when a document merely arrives: TrailingNode appends a paragraph after a final
 * heading, Link's autolink marks URLs in remote text. On a reader's device either would be a
 * change the server refuses; on writers' devices, one copy per device. Tables without column
 * resizing, which would store pixel widths from one person's screen in everyone's document.
 */
export function planDocumentExtensions(): AnyExtension[] {
	return [
		StarterKit.configure({ undoRedo: false, trailingNode: false, link: false }),
		TableKit.configure({ table: { resizable: false, renderWrapper: true } })
	];
}

/** A new table: three columns, a header row and two rows to fill. */
const NEW_TABLE = { rows: 3, cols: 3, withHeaderRow: true };

export interface PlanEditorOptions {
	element: HTMLElement;
	/** The plan document's `body` (planBody in src/lib/model/plan.ts). */
	fragment: NonNullable<CollaborationOptions['fragment']>;
	/** The document's awareness, from its DocHandle: carets travel with presence. */
	awareness: Awareness;
	/** This member's presence; `name` labels the caret, `color` must be `#rrggbb`. */
	user: { name: string; color: string };
	editable: boolean;
	/** The editor's accessible name. */
	label: string;
	/** Called with the toolbar's active states after every transaction. */
	onTools: (tools: PlanTools) => void;
	/** Called when a commented passage is clicked (plan-comment-marks.ts). Default: nothing. */
	onThreadClick?: (threadId: string) => void;
}

export class PlanEditor {
	readonly #editor: Editor;
	/** Read again by ProseMirror on every `setProps`, which `setEditable` makes (TipTap takes no function). */
	readonly #attributes: Record<string, string>;

	constructor(options: PlanEditorOptions) {
		this.#attributes = {
			class: 'plan-body',
			role: 'textbox',
			'aria-multiline': 'true',
			'aria-readonly': String(!options.editable),
			'aria-label': options.label,
			'data-testid': 'plan-editor'
		};
		this.#editor = new Editor({
			element: options.element,
			editable: options.editable,
			extensions: [
				...planDocumentExtensions(),
				Collaboration.configure({ fragment: options.fragment }),
				// CollaborationCaret reads `provider.awareness` only.
				CollaborationCaret.configure({ provider: { awareness: options.awareness }, user: options.user }),
				commentMarks((id) => options.onThreadClick?.(id))
			],
			editorProps: {
				attributes: this.#attributes
			}
		});
		const report = () => options.onTools(this.tools);
		this.#editor.on('transaction', report);
		this.#editor.on('focus', report);
		report();
	}

	/** Which tools apply at the selection (a heading's level, a list, bold). */
	get tools(): PlanTools {
		const e = this.#editor;
		return {
			h1: e.isActive('heading', { level: 1 }),
			h2: e.isActive('heading', { level: 2 }),
			h3: e.isActive('heading', { level: 3 }),
			paragraph: e.isActive('paragraph') && !e.isActive('bulletList') && !e.isActive('orderedList'),
			bullet: e.isActive('bulletList'),
			ordered: e.isActive('orderedList'),
			bold: e.isActive('bold'),
			table: e.isActive('table')
		};
	}

	/** Applies a toolbar tool at the selection; a heading or list already there is turned back to text. */
	apply(tool: PlanTool): void {
		const chain = this.#editor.chain().focus();
		switch (tool) {
			case 'h1':
			case 'h2':
			case 'h3':
				chain.toggleHeading({ level: Number(tool[1]) as 1 | 2 | 3 }).run();
				return;
			case 'paragraph':
				// Out of a heading or a list alike: text is a plain paragraph.
				chain.clearNodes().run();
				return;
			case 'bullet':
				chain.toggleBulletList().run();
				return;
			case 'ordered':
				chain.toggleOrderedList().run();
				return;
			case 'bold':
				chain.toggleBold().run();
				return;
			case 'table':
				// Never a table inside a table's cell.
				if (!this.#editor.isActive('table')) chain.insertTable(NEW_TABLE).run();
				return;
		}
	}

	/** Adds or removes a row or column at the caret's cell, or the whole table. */
	tableAction(action: PlanTableAction): void {
		const chain = this.#editor.chain().focus();
		switch (action) {
			case 'rowAdd':
				chain.addRowAfter().run();
				return;
			case 'rowDelete':
				chain.deleteRow().run();
				return;
			case 'columnAdd':
				chain.addColumnAfter().run();
				return;
			case 'columnDelete':
				chain.deleteColumn().run();
				return;
			case 'tableDelete':
				chain.deleteTable().run();
				return;
		}
	}

	/** Draws the open threads' passages; `active` is the thread shown in the panel. */
	setHighlights(highlights: readonly CommentHighlight[], active: string | null): void {
		setHighlights(this.#editor.view, highlights, active);
	}

	/** Scrolls to a thread's passage and marks it; false when the passage is gone from the text. */
	showThread(threadId: string): boolean {
		return showThread(this.#editor.view, threadId);
	}

	/** The selected passage, to comment on; null when nothing is selected. */
	selectedPassage(): SelectedPassage | null {
		return selectedPassage(this.#editor.view);
	}

	setEditable(editable: boolean): void {
		if (this.#editor.isEditable === editable) return;
		this.#attributes['aria-readonly'] = String(!editable);
		this.#editor.setEditable(editable);
	}

	destroy(): void {
		this.#editor.destroy();
	}
}
