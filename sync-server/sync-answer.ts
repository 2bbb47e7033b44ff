import * as Y from 'yjs';
import * as protocol from './protocol.ts';

/**
 * Answers a room's sync step 1 frames. A client that knows none of the document (a new device, or
 * a hostile one asking with an empty state vector) gets the whole document, and all of them get
 * the same bytes, encoded once per version of the document: 300 sockets waiting for a 7 MB answer
 * then hold one 7 MB buffer between them (ws queues the caller's buffer without copying it), not
 * 300 copies, and the server encodes it once instead of 300 times.
 */
export class SyncAnswers {
	readonly #doc: Y.Doc;
	#whole: Uint8Array | null = null;

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		// Every change, including updates that only wait for dependencies (they are part of the
		// encoded state too), runs in a transaction.
		doc.on('afterTransaction', () => (this.#whole = null));
	}

	/** The sync step 2 for a client at `stateVector`. Throws on a malformed state vector. */
	answer(stateVector: Uint8Array): Uint8Array {
		if (!this.#knowsSome(Y.decodeStateVector(stateVector))) {
			this.#whole ??= protocol.syncStep2(this.#doc, new Uint8Array([0]));
			return this.#whole;
		}
		return protocol.syncStep2(this.#doc, stateVector);
	}

	/** Whether the client has any of the document's own changes (else it needs all of them). */
	#knowsSome(clientState: Map<number, number>): boolean {
		for (const [client, clock] of clientState) {
			if (clock > 0 && Y.getState(this.#doc.store, client) > 0) return true;
		}
		return false;
	}
}
