import * as Y from 'yjs';
import { parseRoom, type DocumentKind } from '../src/lib/model/documents.ts';
import { checkTransaction, defineRoots, type ShapeProblem } from '../src/lib/model/schema/check.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import { restorePending, savePending } from './pending.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';

interface Shadow {
	doc: Y.Doc;
	stop: () => void;
}

/** Problems named in the log per refusal; the rest are counted. */
const LOGGED_PROBLEMS = 5;

/**
 * Refuses updates that would break a document's structure (src/lib/model/schema), before the
 * room's doc sees them.
 *
 * A Yjs update cannot be taken in part, and what it changes is only known once it is applied. So
 * each written room has a shadow: a second Y.Doc that follows the room's doc (every update the
 * room emits is applied to it too). An update is first applied to the shadow, and the shadow's
 * transaction, which covers exactly what the update integrated, including earlier updates that
 * were waiting for it, is checked part by part (`checkTransaction`). Only a sound update then
 * reaches the room; a refused one leaves the room untouched, and the shadow, which now holds it,
 * is dropped and rebuilt from the room on the next update.
 *
 * The cost: one more apply per update (cheap: proportional to the update), the shadow's memory
 * while the room is loaded, and one rebuild (proportional to the document) after each refusal,
 * which costs the refused sender a reconnect and a full sync as well.
 */
export class ShapeGuard implements RoomHooks {
	readonly #shadows = new WeakMap<Room, Shadow>();

	beforeApply(room: Room, update: Uint8Array): Refusal | null {
		const kind = parseRoom(room.name)?.kind;
		if (kind === undefined) return null;
		const shadow = this.#shadow(room, kind);
		const problems: ShapeProblem[] = [];
		let changed = false;
		const check = (transaction: Y.Transaction) => problems.push(...checkTransaction(kind, transaction));
		const touched = () => (changed = true);
		const before = savePending(shadow.store);
		shadow.on('afterTransaction', check);
		shadow.on('update', touched);
		try {
			Y.applyUpdate(shadow, update);
		} catch {
			// Bytes Yjs refuses: the room's own apply refuses them the same way and closes the socket.
			if (changed) this.#drop(room);
			else restorePending(shadow.store, before);
			return null;
		} finally {
			shadow.off('afterTransaction', check);
			shadow.off('update', touched);
		}
		if (problems.length === 0) return null;
		this.#drop(room);
		return {
			code: CloseCode.invalidShape,
			reason: 'invalid document shape',
			detail: { problems: problems.slice(0, LOGGED_PROBLEMS), problemCount: problems.length }
		};
	}

	#shadow(room: Room, kind: DocumentKind): Y.Doc {
		const existing = this.#shadows.get(room);
		if (existing !== undefined) return existing.doc;
		const doc = new Y.Doc({ gc: room.doc.gc });
		defineRoots(kind, doc);
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

	#drop(room: Room): void {
		const shadow = this.#shadows.get(room);
		if (shadow === undefined) return;
		this.#shadows.delete(room);
		shadow.stop();
		shadow.doc.destroy();
	}
}
