import type * as Y from 'yjs';
import { parseRoom } from '../src/lib/model/documents.ts';
import { listDomains, memberDepts } from '../src/lib/model/duty.ts';
import { domainOwners } from '../src/lib/model/hazard-rules.ts';
import { getRoundSummary } from '../src/lib/model/meta.ts';
import { isRole } from '../src/lib/model/permissions.ts';
import { checkLedgerTransaction, type LedgerDuty } from '../src/lib/model/rules/ledger.ts';
import { checkRoundTransaction } from '../src/lib/model/rules/round.ts';
import { readHeader } from '../src/lib/model/round-body.ts';
import {
	isConflict,
	type RuleClock,
	type RuleSender,
	type Violation
} from '../src/lib/model/rules/violation.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Connection } from './connection.ts';
import type { DocumentReader } from './document-reader.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';

export interface DocumentRulesOptions {
	/** Reads the duty board and the round index of the sender's workspace. */
	documents: DocumentReader;
	/** The server's clock; tests inject one. Default `Date.now`. */
	now?: () => number;
	/** How far ahead of the server's clock a written time may be. Default 10 minutes. */
	maxSkewMs: number;
	/** Called for an update kept although it broke a conflict rule (`isConflict`), to record it. */
	onConflict?: (room: Room, violation: Violation, from: Connection) => void;
}

/**
 * The rules inside the ledger and the rounds (src/lib/model/rules), checked on the server with the
 * model's own functions for every update of every client: the `onChange` hook, run by ShapeGuard on
 * its shadow's transaction, so only what the update touched is read (a move on one hazard of
 * 10,000 reads one record and the duty board).
 *
 * A violation refuses the update whole with `notPermitted` (4424, not retried by y-websocket):
 * nothing of it is stored or relayed, so other members never see it, and the attempt is recorded
 * (violations.ts). A conflict (`isConflict`: a rule that holds on what others change, which an
 * offline device breaks honestly) is kept and recorded instead. Rules need the sender's role: a
 * server without accounts trusts everyone.
 */
export class DocumentRules implements RoomHooks {
	readonly #options: DocumentRulesOptions;

	constructor(options: DocumentRulesOptions) {
		this.#options = options;
	}

	onChange(room: Room, transaction: Y.Transaction, from: Connection): Refusal | null {
		const parsed = parseRoom(room.name);
		const { memberId, memberName, role } = from.context;
		if (parsed === null || !isRole(role)) return null;
		if (parsed.kind !== 'ledger' && parsed.kind !== 'inspection') return null;
		const sender: RuleSender = { id: memberId, name: memberName, role };
		const clock: RuleClock = { now: (this.#options.now ?? Date.now)(), maxSkewMs: this.#options.maxSkewMs };
		const { documents } = this.#options;
		const doc = transaction.doc;
		let found: Violation[];
		if (parsed.kind === 'ledger') {
			const duty = (): LedgerDuty =>
				documents.read(parsed.workspace, 'duty', (board) => ({
					owners: domainOwners(listDomains(board)),
					deptIds: memberDepts(board, memberId)
				}));
			found = checkLedgerTransaction(doc, transaction, sender, duty, clock);
		} else {
			const id = parsed.document.slice('inspection/'.length);
			const context = {
				get indexedCreator() {
					return documents.read(parsed.workspace, 'meta', (meta) => getRoundSummary(meta, id)?.createdBy.id);
				}
			};
			const broke = checkRoundTransaction(doc, transaction, sender, clock, context);
			found =
				broke === null ? [] : [{ ...broke, detail: { ...broke.detail, round: readHeader(doc)?.title } }];
		}
		const broke = found.find((violation) => !isConflict(violation));
		if (broke === undefined) {
			for (const conflict of found) this.#options.onConflict?.(room, conflict, from);
			return null;
		}
		return {
			code: CloseCode.notPermitted,
			reason: `document rule: ${broke.rule}`,
			detail: { rule: broke.rule },
			violation: broke
		};
	}
}
