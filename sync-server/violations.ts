import { parseRoom } from '../src/lib/model/documents.ts';
import type { Violation } from '../src/lib/model/rules/violation.ts';
import type { Connection } from './connection.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';
import type { SyncStorage } from './storage/types.ts';

export interface ViolationLogOptions {
	storage: SyncStorage;
	/** The server's clock. Default `Date.now`. */
	now?: () => number;
	/**
	 * A refused change stays on its device, which sends it again whenever it reconnects (a reload,
	 * the network back): within this window the same attempt by the same member counts as a repeat
	 * instead of a new row. Default one day.
	 */
	repeatWindowMs?: number;
}

/**
 * Records every update that broke a rule inside a document: refused ones (a refusal carrying a
 * `violation`), and conflicts the rules keep (`record(…, { kept: true })`, document-rules.ts):
 * the workspace, the document, the member and their name, the time, the rule and what was tried.
 * The office reads them (`GET /api/violations`, 违规记录).
 */
export class ViolationLog implements RoomHooks {
	readonly #options: ViolationLogOptions;

	constructor(options: ViolationLogOptions) {
		this.#options = options;
	}

	onRefused(room: Room, refusal: Refusal, from: Connection): void {
		if (refusal.violation !== undefined) this.record(room, refusal.violation, from, { kept: false });
	}

	record(room: Room, violation: Violation, from: Connection, { kept }: { kept: boolean }): void {
		const parsed = parseRoom(room.name);
		if (parsed === null) return;
		this.#options.storage.recordViolation?.(
			{
				workspace: parsed.workspace,
				document: parsed.document,
				memberId: from.context.memberId,
				memberName: from.context.memberName,
				at: (this.#options.now ?? Date.now)(),
				rule: violation.rule,
				detail: { ...violation.detail },
				kept
			},
			this.#options.repeatWindowMs ?? 24 * 60 * 60 * 1000
		);
	}
}
