import * as Y from 'yjs';

/**
 * A small language for the structure of our documents, so that one definition per document kind
 * (documents.ts) serves the server, which refuses updates that break it, and any reader that wants
 * to know whether a part is sound.
 *
 * Records are open: a key the schema does not name is allowed (a newer app may add a field, and
 * readers ignore what they do not know), but a named key must hold its shape. The same goes for
 * root types. What readers rely on is therefore always checked; what they ignore cannot hurt them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type YType = Y.AbstractType<any>;

export type Shape =
	/** A plain value (a Yjs "any": string, number, object …) accepted by `test`. */
	| { kind: 'value'; test: (value: unknown) => boolean }
	| { kind: 'text' }
	/** Rich text: anything may live below it. */
	| { kind: 'xml' }
	| { kind: 'list'; of: Shape }
	/** A `Y.Map` with named fields. */
	| { kind: 'record'; fields: Readonly<Record<string, Field>> }
	/** A `Y.Map` from ids to values of one shape. */
	| { kind: 'collection'; of: Shape };

export interface Field {
	shape: Shape;
	/**
	 * The part is created with its record and must stay: only CRDT containers (an answer list, a
	 * note), whose later, lazy creation by two devices at once would lose one device's content.
	 */
	required: boolean;
}

/** One document kind's roots by name. */
export type DocumentSchema = Readonly<Record<string, Shape>>;

export const value = (test: (value: unknown) => boolean): Shape => ({ kind: 'value', test });
export const text: Shape = { kind: 'text' };
export const xml: Shape = { kind: 'xml' };
export const list = (of: Shape): Shape => ({ kind: 'list', of });
export const collection = (of: Shape): Shape => ({ kind: 'collection', of });

/** A record; a field given as `required(shape)` must be present in every new record. */
export function record(fields: Record<string, Shape | Field>): Shape {
	const out: Record<string, Field> = {};
	for (const [key, spec] of Object.entries(fields))
		out[key] = 'shape' in spec ? spec : { shape: spec, required: false };
	return { kind: 'record', fields: out };
}

export const required = (shape: Shape): Field => ({ shape, required: true });

/** Whether `v` holds `shape`, all the way down. `root` records may lack required fields (not set up yet). */
export function holds(shape: Shape, v: unknown, root = false): boolean {
	switch (shape.kind) {
		case 'value':
			return !(v instanceof Y.AbstractType) && !(v instanceof Y.Doc) && shape.test(v);
		case 'text':
			return v instanceof Y.Text;
		case 'xml':
			return v instanceof Y.XmlFragment;
		case 'list':
			return v instanceof Y.Array && v.toArray().every((element) => holds(shape.of, element));
		case 'collection':
			return v instanceof Y.Map && [...v.values()].every((child) => holds(shape.of, child));
		case 'record':
			if (!(v instanceof Y.Map)) return false;
			for (const [key, field] of Object.entries(shape.fields)) {
				const child: unknown = v.get(key);
				if (child === undefined ? field.required && !root : !holds(field.shape, child)) return false;
			}
			return true;
	}
}

/** Whether a Yjs type is of the kind `shape` describes (its content aside). */
export function isKind(shape: Shape, type: YType): boolean {
	switch (shape.kind) {
		case 'value':
			return false;
		case 'text':
			return type instanceof Y.Text;
		case 'xml':
			return type instanceof Y.XmlFragment;
		case 'list':
			return type instanceof Y.Array;
		case 'collection':
		case 'record':
			return type instanceof Y.Map;
	}
}

/** Creates a root of the right type, so that the update lands in a `Y.Map`, not an untyped root. */
export function defineRoot(doc: Y.Doc, name: string, shape: Shape): YType {
	switch (shape.kind) {
		case 'text':
			return doc.getText(name);
		case 'xml':
			return doc.getXmlFragment(name);
		case 'list':
			return doc.getArray(name);
		default:
			return doc.getMap(name);
	}
}
