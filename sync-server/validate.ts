import type * as Y from 'yjs';
import { parseRoom } from '../src/lib/model/documents.ts';
import { checkTransaction, defineRoots, type ShapeProblem } from '../src/lib/model/schema/check.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';
import { Shadows } from './shadow.ts';

/** Problems named in the log per refusal; the rest are counted. */
const LOGGED_PROBLEMS = 5;

/**
 * Refuses updates that would break a document's structure (src/lib/model/schema), before the
 * room's doc sees them.
 *
 * Each written room has a shadow document (shadow.ts): an update is first applied to the shadow,
 * and the shadow's transaction is checked part by part (`checkTransaction`). Only a sound update
 * then reaches the room; a refused one leaves the room untouched.
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

	beforeApply(room: Room, update: Uint8Array): Refusal | null {
		const kind = parseRoom(room.name)?.kind;
		if (kind === undefined) return null;
		const problems: ShapeProblem[] = [];
		const check = (transaction: Y.Transaction) => problems.push(...checkTransaction(kind, transaction));
		if (!this.#shadows.try(room, update, check) || problems.length === 0) return null;
		this.#shadows.drop(room);
		return {
			code: CloseCode.invalidShape,
			reason: 'invalid document shape',
			detail: { problems: problems.slice(0, LOGGED_PROBLEMS), problemCount: problems.length }
		};
	}
}
