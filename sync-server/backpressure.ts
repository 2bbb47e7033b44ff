import type { WebSocket } from 'ws';

/** Kinds of answer a socket may ask for again and again; each has at most one in its queue. */
export type AnswerKind = 'sync' | 'awareness';

export interface OutboxOptions {
	/**
	 * Bytes a socket may have queued beyond the answers it is being sent; a socket already past it
	 * when more is to be sent is not reading, and `onOverflow` is called instead of sending.
	 */
	maxBufferedBytes: number;
	/** The socket is not draining: the caller closes it. Called at most once. */
	onOverflow: (bufferedBytes: number) => void;
	/** A send failed (the socket broke): the caller closes it. */
	onError: () => void;
}

/**
 * What the server queues for one socket. Without it a client that asks and never reads makes the
 * server hold every answer: 300 sync step 1 frames of four bytes each queued 300 copies of a 7 MB
 * document (2.7 GB) until the keepalive noticed. Two rules bound it:
 * - an answer (sync step 2, awareness query) is built only once the previous answer of its kind
 *   has left the process; requests meanwhile are coalesced into one, answered against the state at
 *   that time (a later answer covers what an earlier one would have said);
 * - anything else (broadcasts, acks) is refused once the socket's queue, not counting answers in
 *   flight, is past `maxBufferedBytes`. One large message is always accepted, so a slow but
 *   reading client still gets a large update; a second one waits for the first to drain.
 */
export class Outbox {
	readonly #ws: WebSocket;
	readonly #options: OutboxOptions;
	/** Bytes of answers handed to the socket and not yet written out, by kind. */
	readonly #inFlight = new Map<AnswerKind, number>();
	/** The newest request of each kind that arrived while an answer of that kind was in flight. */
	readonly #waiting = new Map<AnswerKind, () => Uint8Array | null>();
	#overflowed = false;

	constructor(ws: WebSocket, options: OutboxOptions) {
		this.#ws = ws;
		this.#options = options;
	}

	send(message: Uint8Array): void {
		if (!this.#open) return;
		const queued = this.#ws.bufferedAmount;
		if (queued > this.#options.maxBufferedBytes + this.#answerBytes()) return this.#overflow(queued);
		this.#ws.send(message, (error) => {
			if (error) this.#options.onError();
		});
	}

	/**
	 * Sends `build()` now, or once the answer of `kind` in flight has been written out; `build` may
	 * return null (nothing to say any more). Throws what `build` throws, when it runs now.
	 */
	answer(kind: AnswerKind, build: () => Uint8Array | null): void {
		if (!this.#open) return;
		if (this.#inFlight.has(kind)) {
			this.#waiting.set(kind, build);
			return;
		}
		const message = build();
		if (message === null) return;
		this.#inFlight.set(kind, message.byteLength);
		this.#ws.send(message, (error) => {
			this.#inFlight.delete(kind);
			if (error) return this.#options.onError();
			const next = this.#waiting.get(kind);
			this.#waiting.delete(kind);
			if (next !== undefined) this.#answerLater(kind, next);
		});
	}

	/** Drops waiting requests, e.g. when the socket closes. */
	clear(): void {
		this.#waiting.clear();
	}

	get #open(): boolean {
		return !this.#overflowed && this.#ws.readyState === this.#ws.OPEN;
	}

	#answerBytes(): number {
		let bytes = 0;
		for (const size of this.#inFlight.values()) bytes += size;
		return bytes;
	}

	/** From a write callback: a failing `build` must not throw into ws. */
	#answerLater(kind: AnswerKind, build: () => Uint8Array | null): void {
		try {
			this.answer(kind, build);
		} catch {
			this.#options.onError();
		}
	}

	#overflow(queued: number): void {
		this.#overflowed = true;
		this.#waiting.clear();
		this.#options.onOverflow(queued);
	}
}
