import * as Y from 'yjs';
import { parseRoom } from '../src/lib/model/documents.ts';
import { LINK_PREFIX } from '../src/lib/model/hazard-record.ts';
import { isRole } from '../src/lib/model/permissions.ts';
import { checkLedgerLink, checkLedgerSource } from '../src/lib/model/round-hazard.ts';
import { violation } from '../src/lib/model/rules/violation.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Connection } from './connection.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';

/**
 * The ledger's side of a failed item's hazard (src/lib/model/round-hazard.ts): a hazard registered
 * with a source is registered by its sender, and an item link on a hazard (`link:<round>/<item>`)
 * is made by its sender; both only by roles that may link hazards. Refused whole with
 * `notPermitted` (4424), not retried.
 *
 * It reads the update's own structs (`Y.decodeUpdate`) rather than a shadow document: the values
 * it judges are plain values at named keys, complete in the update, and a second copy of a
 * 10,000-entry ledger in memory would cost more than the check. What it cannot see that way is a
 * deletion (a delete set names structs, not keys): a link deleted by a hostile client is not
 * refused; the app never deletes one.
 */
export class LedgerLinks implements RoomHooks {
	beforeApply(room: Room, update: Uint8Array, from: Connection): Refusal | null {
		if (parseRoom(room.name)?.kind !== 'ledger') return null;
		const { memberId, role } = from.context;
		let structs: ReturnType<typeof Y.decodeUpdate>['structs'];
		try {
			structs = Y.decodeUpdate(update).structs;
		} catch {
			return null; // the room's own apply refuses bytes Yjs cannot read
		}
		for (const struct of structs) {
			if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) continue;
			const key = struct.parentSub;
			if (key === null || !(key === 'init' || key.startsWith(LINK_PREFIX))) continue;
			if (!isRole(role)) return refuse('unknown role', { role });
			const value: unknown = struct.content.arr.at(-1);
			const sender = { id: memberId, role };
			const problem = key === 'init' ? checkLedgerSource(value, sender) : checkLedgerLink(key, value, sender);
			if (problem !== null)
				return {
					...refuse('hazard link not allowed', { key, problem }),
					violation: violation('link_not_allowed', { record: key === 'init' ? 'hazard' : 'link' })
				};
		}
		return null;
	}
}

function refuse(reason: string, detail: Record<string, unknown>): Refusal {
	return { code: CloseCode.notPermitted, reason, detail };
}
