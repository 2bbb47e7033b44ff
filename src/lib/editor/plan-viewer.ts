import { Editor, getSchema } from '@tiptap/core';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { CollaborationOptions } from '@tiptap/extension-collaboration';
import { planDocumentExtensions } from './plan-editor.ts';

/**
 * A saved version of the plan shown read-only, exactly as the editor shows the live text (the
 * same nodes, marks and tables), but detached: a copy of the version's body, bound to nothing,
 * so it can never write anywhere. Loaded with `import()` by PlanVersionsState, beside the editor.
 */
export function showPlanText(
	element: HTMLElement,
	fragment: NonNullable<CollaborationOptions['fragment']>,
	label: string
): () => void {
	const extensions = planDocumentExtensions();
	const content = yXmlFragmentToProseMirrorRootNode(fragment, getSchema(extensions)).toJSON() as object;
	const editor = new Editor({
		element,
		editable: false,
		extensions,
		content,
		editorProps: {
			attributes: {
				class: 'plan-body',
				role: 'document',
				'aria-label': label,
				'data-testid': 'plan-version-text'
			}
		}
	});
	return () => editor.destroy();
}
