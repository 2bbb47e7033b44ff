import { parseRoom } from '../src/lib/model/documents.ts';
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
 * Records every refused update that broke a rule inside a document (a refusal carrying a
 * `violation`): the workspace, the document, the member and their name, the time, the rule and
 * what was tried. The office reads them (`GET /api/violations`, 违规记录).
 */
export class ViolationLog implements RoomHooks {
	readonly #options: ViolationLogOptions;

	constructor(options: ViolationLogOptions) {
		this.#options = options;
	}

	onRefused(room: Room, refusal: Refusal, from: Connection): void {
		const parsed = parseRoom(room.name);
		if (refusal.violation === undefined || parsed === null) return;
		this.#options.storage.recordViolation?.(
			{
				workspace: parsed.workspace,
				document: parsed.document,
				memberId: from.context.memberId,
				memberName: from.context.memberName,
				at: (this.#options.now ?? Date.now)(),
				rule: refusal.violation.rule,
				detail: { ...refusal.violation.detail }
			},
			this.#options.repeatWindowMs ?? 24 * 60 * 60 * 1000
		);
	}
}
