import * as Y from 'yjs';
import { restorePending, savePending } from './pending.ts';
import type { Room } from './room.ts';

interface Shadow {
	doc: Y.Doc;
	stop: () => void;
}

/**
 * Shadow documents for hooks that must see what an update changes before the room's doc does
 * (validate.ts, round-lock.ts). A Yjs update cannot be taken in part, and what it changes is only
 * known once it is applied: so each room gets a second Y.Doc that follows the room's doc (every
 * update the room emits is applied to it too). An update is tried on the shadow first; the
 * shadow's transaction covers exactly what the update integrated, including earlier updates that
 * were waiting for it. A hook that refuses the update drops the shadow, which now holds it, and the
 * next update rebuilds it from the room.
 *
 * A shadow that accepted an update the room then does not take (a later hook refuses it) holds
 * content the room lacks: hooks that judge by what a document already holds (round-lock.ts) run
 * last among those that refuse, so that cannot happen to them.
 */
export class Shadows {
	readonly #shadows = new WeakMap<Room, Shadow>();
	readonly #prepare: (room: Room, doc: Y.Doc) => void;

	/** `prepare` runs on each new shadow before it is filled (e.g. to define its roots). */
	constructor(prepare: (room: Room, doc: Y.Doc) => void = () => {}) {
		this.#prepare = prepare;
	}

	/** The room's shadow, built from the room's doc (and what it holds back) when missing. */
	get(room: Room): Y.Doc {
		const existing = this.#shadows.get(room);
		if (existing !== undefined) return existing.doc;
		const doc = new Y.Doc({ gc: room.doc.gc });
		this.#prepare(room, doc);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
		// What the room holds back for missing dependencies, so the shadow integrates it alike.
		const { pendingStructs, pendingDs } = room.doc.store;
		if (pendingStructs !== null) Y.applyUpdateV2(doc, pendingStructs.update);
		if (pendingDs !== null) Y.applyUpdateV2(doc, pendingDs);
		const follow = (update: Uint8Array) => Y.applyUpdate(doc, update);
		room.doc.on('update', follow);
		this.#shadows.set(room, { doc, stop: () => room.doc.off('update', follow) });
		return doc;
	}

	/**
	 * Applies `update` to the room's shadow, calling `watch` with each of its transactions. False
	 * when Yjs refuses the bytes (the room's own apply then refuses them the same way and closes
	 * the socket): the shadow is put back, or dropped when part of the update already landed.
	 */
	try(room: Room, update: Uint8Array, watch: (transaction: Y.Transaction) => void): boolean {
		const shadow = this.get(room);
		let changed = false;
		const touched = () => (changed = true);
		const before = savePending(shadow.store);
		shadow.on('afterTransaction', watch);
		shadow.on('update', touched);
		try {
			Y.applyUpdate(shadow, update);
			return true;
		} catch {
			if (changed) this.drop(room);
			else restorePending(shadow.store, before);
			return false;
		} finally {
			shadow.off('afterTransaction', watch);
			shadow.off('update', touched);
		}
	}

	drop(room: Room): void {
		const shadow = this.#shadows.get(room);
		if (shadow === undefined) return;
		this.#shadows.delete(room);
		shadow.stop();
		shadow.doc.destroy();
	}
}
