import * as Y from 'yjs';

/**
 * Reading what one Yjs transaction changed, for the rules (the server runs them in the shadow
 * document's `afterTransaction`, before deleted content is garbage-collected). Everything here is
 * proportional to what the transaction touched, never to the document.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyType = Y.AbstractType<any>;

/** Whether `item` was integrated by this transaction (it did not exist before it). */
export function isNew(transaction: Y.Transaction, item: Y.Item | Y.AbstractStruct): boolean {
	return item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
}

/** Whether the type was created by this transaction (a new record, a new list). */
export function isNewType(transaction: Y.Transaction, type: AnyType): boolean {
	return type._item !== null && isNew(transaction, type._item);
}

/** What happened to `key` of `map`: as Yjs's own event reports it (`add`, `update`, `delete`). */
export function keyAction(
	transaction: Y.Transaction,
	map: AnyType,
	key: string
): 'add' | 'update' | 'delete' | undefined {
	const event = transaction.changedParentTypes.get(map)?.find((e) => e.target === map);
	return event?.changes.keys.get(key)?.action;
}

/** The values appended to `array` by this transaction (its new items' content), in order. */
export function addedValues(transaction: Y.Transaction, array: Y.Array<unknown>): unknown[] {
	const out: unknown[] = [];
	for (let item = array._start; item !== null; item = item.right) {
		if (!item.deleted && isNew(transaction, item)) out.push(...item.content.getContent());
	}
	return out;
}

/** The values of `array` that existed before the transaction (deleted ones aside). */
export function keptValues(transaction: Y.Transaction, array: Y.Array<unknown>): unknown[] {
	const out: unknown[] = [];
	for (let item = array._start; item !== null; item = item.right) {
		if (!item.deleted && !isNew(transaction, item)) out.push(...item.content.getContent());
	}
	return out;
}

/**
 * Every item this transaction deleted that existed before it, with its content (still readable:
 * the rules run before garbage collection). Items added and removed within the transaction are
 * left out: nobody else ever saw them.
 */
export function deletedItems(transaction: Y.Transaction): Y.Item[] {
	const out: Y.Item[] = [];
	Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
		if (struct instanceof Y.Item && !isNew(transaction, struct)) out.push(struct);
	});
	return out;
}

/** The chain of (type, key) from `type` up to a root: `[[root, key0], [child, key1], …]`. */
export function pathTo(type: AnyType): { parent: AnyType; key: string | null; child: AnyType }[] {
	const path: { parent: AnyType; key: string | null; child: AnyType }[] = [];
	let current: AnyType = type;
	while (current._item !== null) {
		const parent = current._item.parent;
		if (!(parent instanceof Y.AbstractType)) break;
		path.unshift({ parent, key: current._item.parentSub, child: current });
		current = parent;
	}
	return path;
}

/** The key under which `type` sits in `root`'s child (e.g. a hazard's id for its log), or null. */
export function keyUnder(root: AnyType, type: AnyType): { key: string; child: AnyType } | null {
	for (const step of pathTo(type)) {
		if (step.parent === root) return step.key === null ? null : { key: step.key, child: step.child };
	}
	return null;
}
