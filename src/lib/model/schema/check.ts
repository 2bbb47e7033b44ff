import type * as Y from 'yjs';

// Any Yjs type, whatever its events.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type YType = Y.AbstractType<any>;
import type { DocumentKind } from '../documents.ts';
import { SCHEMAS } from './documents.ts';
import { defineRoot, holds, isKind, type DocumentSchema, type Shape } from './shape.ts';

export { SCHEMAS } from './documents.ts';

/** A part of a document that does not hold its shape, as `root/key/…` (`*` for a list element). */
export interface ShapeProblem {
	path: string;
	/** `wrong_type`: a value of another shape; `missing`: a required part was removed. */
	reason: 'wrong_type' | 'missing';
}

/** Gives `doc` every root of `kind` with its proper type, before an update is applied to it. */
export function defineRoots(kind: DocumentKind, doc: Y.Doc): void {
	for (const [name, shape] of Object.entries(SCHEMAS[kind])) defineRoot(doc, name, shape);
}

/** Every problem in the whole document (for tests and tools; the server checks transactions). */
export function checkDocument(kind: DocumentKind, doc: Y.Doc): ShapeProblem[] {
	const problems: ShapeProblem[] = [];
	for (const [name, shape] of Object.entries(SCHEMAS[kind])) {
		if (!doc.share.has(name)) continue;
		if (!holds(shape, defineRoot(doc, name, shape), true))
			problems.push({ path: name, reason: 'wrong_type' });
	}
	return problems;
}

/**
 * The problems a transaction brought: only the parts it touched are looked at, so the cost follows
 * the size of the change, not of the document. A key the transaction set is checked with
 * everything under it (new records come whole); a key it deleted must not be a required part.
 * Roots must have been defined with `defineRoots` before the transaction.
 */
export function checkTransaction(kind: DocumentKind, transaction: Y.Transaction): ShapeProblem[] {
	const schema = SCHEMAS[kind];
	const roots = new Map([...transaction.doc.share].map(([name, type]) => [type, name]));
	const problems: ShapeProblem[] = [];
	for (const [type, keys] of transaction.changed) {
		const place = locate(schema, roots, type);
		if (place === null) continue;
		const { shape, path } = place;
		if (shape === 'invalid' || !isKind(shape, type)) {
			problems.push({ path, reason: 'wrong_type' });
			continue;
		}
		for (const key of keys) {
			const problem = checkKey(shape, type, key);
			if (problem !== null) problems.push({ path: key === null ? path : `${path}/${key}`, reason: problem });
		}
	}
	return problems;
}

function checkKey(shape: Shape, type: YType, key: string | null): ShapeProblem['reason'] | null {
	if (key === null) {
		// List content: a list's elements are checked; a map never holds any (Yjs hides it, but it
		// is stored and sent to everyone); text and rich text hold what they like.
		if (shape.kind === 'list') return holds(shape, type) ? null : 'wrong_type';
		return shape.kind === 'record' || shape.kind === 'collection' ? 'wrong_type' : null;
	}
	if (shape.kind !== 'record' && shape.kind !== 'collection') return null;
	const child: unknown = (type as Y.Map<unknown>).get(key);
	const field = shape.kind === 'record' ? shape.fields[key] : { shape: shape.of, required: false };
	if (field === undefined) return null;
	if (child === undefined) return field.required ? 'missing' : null;
	return holds(field.shape, child) ? null : 'wrong_type';
}

type Place = { shape: Shape | 'invalid'; path: string } | null;

/**
 * Where `type` sits: its shape and path, or null when nothing constrains it (an unknown root or
 * field, rich text) or it is deleted (invisible to every reader).
 */
function locate(schema: DocumentSchema, roots: Map<YType, string>, type: YType): Place {
	const keys: string[] = [];
	let current = type;
	while (current._item !== null) {
		if (current._item.deleted) return null;
		keys.unshift(current._item.parentSub ?? '*');
		current = current._item.parent as YType;
	}
	const root = roots.get(current);
	let shape: Shape | undefined = root === undefined ? undefined : schema[root];
	if (root === undefined || shape === undefined) return null;
	for (const key of keys) {
		const next = child(shape, key);
		if (next === null) return null;
		if (next === 'invalid') return { shape: 'invalid', path: [root, ...keys].join('/') };
		shape = next;
	}
	return { shape, path: [root, ...keys].join('/') };
}

function child(shape: Shape, key: string): Shape | null | 'invalid' {
	switch (shape.kind) {
		case 'record':
			return shape.fields[key]?.shape ?? null;
		case 'collection':
			return key === '*' ? 'invalid' : shape.of;
		case 'list':
			return key === '*' ? shape.of : 'invalid';
		case 'value':
			// A Yjs type below a plain value: the value's own check refused it when it was set.
			return 'invalid';
		default:
			return null;
	}
}
