import * as Y from 'yjs';
import { ModelError, type ModelRecord } from './errors.ts';
import { fnv1a32 } from './hash.ts';
import type { Origin } from './origin.ts';
import { applySeeds } from './seed.ts';

/**
 * A `Y.Text` field added to records made before the field existed (a hazard's `measures` on a record
 * of app version 1, or of an old device still offline).
 *
 * Creating it lazily with `Y.Map.set` would be the bug seed.ts describes: two devices typing into an
 * old record at once would each create a text at the same key, and Yjs would keep one and drop the
 * other with everything typed into it. So the empty text is created as a content-addressed struct: a
 * scratch copy of the document whose client id is a hash of the field's path sets it, and since the
 * record had no such key, the struct (client, clock 0, parent, key, no origin) is byte-identical on
 * every device. Both devices' typing then lands in the same text and merges.
 *
 * The copy costs a pass over the document, once per old record and field, never for records made by
 * this version, which get the text with the record.
 */
export function ensureText(
	doc: Y.Doc,
	rec: Y.Map<unknown>,
	key: string,
	kind: ModelRecord,
	origin: Origin
): Y.Text {
	const current = rec.get(key);
	if (current instanceof Y.Text) return current;
	if (current !== undefined)
		throw new ModelError('damaged_record', `${kind} holds no text at ${key}`, { record: kind });
	const path = pathOf(doc, rec);
	const client = path === null ? doc.clientID : fnv1a32(`late-text:${[...path, key].join('/')}`);
	// Identical everywhere only if no device ever wrote the key: a deleted value would become the new
	// struct's origin on devices that have it and not on others, and two different structs would share
	// one id. So a key once written and deleted (only a hostile update does that), a hash collision or
	// a record outside a root map get a plain write instead, the rare loss described above its price.
	if (path === null || rec._map.has(key) || client === doc.clientID || doc.store.clients.has(client)) {
		doc.transact(() => rec.set(key, new Y.Text()), origin);
	} else {
		const scratch = new Y.Doc();
		scratch.clientID = client;
		Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
		const before = Y.encodeStateVector(scratch);
		const copy = path
			.slice(1)
			.reduce<Y.Map<unknown>>(
				(map, name) => map.get(name) as Y.Map<unknown>,
				scratch.getMap<unknown>(path[0])
			);
		copy.set(key, new Y.Text());
		applySeeds(doc, [Y.encodeStateAsUpdate(scratch, before)], { source: 'seed' });
		scratch.destroy();
	}
	return rec.get(key) as Y.Text;
}

/** The keys from a root map down to `rec`, or null when `rec` does not sit in maps under a root. */
function pathOf(doc: Y.Doc, rec: Y.Map<unknown>): [string, ...string[]] | null {
	const keys: string[] = [];
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let current: Y.AbstractType<any> = rec;
	while (current._item !== null) {
		const parent = current._item.parent;
		if (current._item.parentSub === null || !(parent instanceof Y.Map)) return null;
		keys.unshift(current._item.parentSub);
		current = parent;
	}
	for (const [name, type] of doc.share) if (type === current) return [name, ...keys];
	return null;
}
