import type * as Y from 'yjs';
import { parseRoom } from '../src/lib/model/documents.ts';
import { checkPlanTransaction, type PlanProblem } from '../src/lib/model/plan-comment-rules.ts';
import { defineRoots } from '../src/lib/model/schema/check.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Connection } from './connection.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';
import { Shadows } from './shadow.ts';

/**
 * The plan's comment threads on the server, with the model's rule (plan-comment-rules.ts):
 *
 * - a member who may not write the plan but may comment (`ConnectionContext.parts`) sends updates
 *   that touch the comments alone; one that touches the body, or anything else, is dropped whole
 *   as a reader's write is (the socket stays; its next stored-ack says `refused`);
 * - from everyone: threads are added whole by their sender and never changed or deleted, their
 *   logs only grow, each new entry by its sender.
 *
 * It tries each update on a shadow document (shadow.ts) and reads that transaction. Breaking the
 * threads' rules closes the sender's socket with `notPermitted` (4424), not retried: our app never
 * sends such an update.
 * It judges by what its shadow held before the update (which parts are new), so it runs after the
 * shape check, like the round lock (see Shadows).
 */
export class PlanComments implements RoomHooks {
	readonly #shadows = new Shadows((room, doc) => {
		const kind = parseRoom(room.name)?.kind;
		if (kind !== undefined) defineRoots(kind, doc);
	});

	beforeApply(room: Room, update: Uint8Array, from: Connection): Refusal | null {
		const { canWrite, parts = [], memberId } = from.context;
		const kind = parseRoom(room.name)?.kind;
		if (kind !== 'plan' && canWrite) return null;
		const sender = { id: memberId, parts: canWrite ? ('all' as const) : parts };
		let problem: PlanProblem | null = null;
		const watch = (transaction: Y.Transaction) => {
			problem ??= checkPlanTransaction(transaction, sender);
		};
		if (!this.#shadows.try(room, update, watch) || problem === null) return null;
		this.#shadows.drop(room);
		const { outside, reason } = problem as PlanProblem;
		// Beyond the member's parts: dropped as a reader's write is, the socket stays open.
		return {
			code: CloseCode.notPermitted,
			reason: 'plan comment not allowed',
			detail: { problem: reason, kind },
			drop: outside
		};
	}

	/** Another hook refused an update this shadow may have taken: rebuild it from the room. */
	onRefused(room: Room): void {
		this.#shadows.drop(room);
	}
}
