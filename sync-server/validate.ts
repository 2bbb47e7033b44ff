import type * as Y from 'yjs';
import { parseRoom } from '../src/lib/model/documents.ts';
import { checkTransaction, defineRoots, type ShapeProblem } from '../src/lib/model/schema/check.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Connection } from './connection.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';
import { Shadows } from './shadow.ts';

/** Problems named in the log per refusal; the rest are counted. */
const LOGGED_PROBLEMS = 5;

/**
 * Refuses updates that would break a document's structure (src/lib/model/schema), before the
 * room's doc sees them, and runs the `onChange` hooks (rules inside documents) on the same try.
 *
 * Each written room has a shadow document (shadow.ts): an update is first applied to the shadow,
 * and the shadow's transaction is checked part by part (`checkTransaction`). Only a sound update
 * then reaches the room; a refused one leaves the room untouched. A sound shape is then judged by
 * `onChange` (document-rules.ts), in the same `afterTransaction`, while what the update deleted
 * is still readable: one shadow and one apply serve both.
 *
 * The cost: one more apply per update (cheap: proportional to the update), the shadow's memory
 * while the room is loaded, and one rebuild (proportional to the document) after each refusal,
 * which costs the refused sender a reconnect and a full sync as well.
 */
export class ShapeGuard implements RoomHooks {
	readonly #shadows = new Shadows((room, doc) => {
		const kind = parseRoom(room.name)?.kind;
		if (kind !== undefined) defineRoots(kind, doc);
	});
	readonly #onChange: RoomHooks['onChange'];

	/** `onChange`: judges each transaction of a well-shaped update (see `RoomHooks.onChange`). */
	constructor(onChange?: RoomHooks['onChange']) {
		this.#onChange = onChange;
	}

	beforeApply(room: Room, update: Uint8Array, from: Connection): Refusal | null {
		const kind = parseRoom(room.name)?.kind;
		if (kind === undefined) return null;
		const problems: ShapeProblem[] = [];
		let judged: Refusal | null = null;
		const check = (transaction: Y.Transaction) => {
			problems.push(...checkTransaction(kind, transaction));
			if (problems.length === 0 && judged === null)
				judged = this.#onChange?.(room, transaction, from) ?? null;
		};
		if (!this.#shadows.try(room, update, check)) return null;
		if (problems.length === 0 && judged === null) return null;
		this.#shadows.drop(room);
		if (problems.length === 0) return judged;
		return {
			code: CloseCode.invalidShape,
			reason: 'invalid document shape',
			detail: { problems: problems.slice(0, LOGGED_PROBLEMS), problemCount: problems.length }
		};
	}

	/** A later hook refused the update this shadow took: it no longer follows the room. */
	onRefused(room: Room): void {
		this.#shadows.drop(room);
	}
}
