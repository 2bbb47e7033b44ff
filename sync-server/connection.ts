import type { RawData, WebSocket } from 'ws';
import { CloseCode, StoredStatus } from '../src/lib/sync/wire.ts';
import type { ConnectionContext } from './auth.ts';
import { Outbox, type AnswerKind } from './backpressure.ts';
import type { Logger } from './log.ts';
import { handleMessage } from './messages.ts';
import * as protocol from './protocol.ts';
import { TokenBucket, type RateLimit } from './rate-limit.ts';
import type { Room } from './room.ts';

export interface ConnectionOptions {
	log: Logger;
	/** Called exactly once, when the socket is closed by either side. */
	onClose: (connection: Connection) => void;
	/** Messages allowed from this socket; beyond it the socket closes with 4529. Default: unlimited. */
	rateLimit?: RateLimit;
	/** Bytes queued for this socket (beyond answers in flight) before it is closed with 4508; see `Outbox`. Default: unlimited. */
	maxBufferedBytes?: number;
}

/** A frame as received; `null` marks a text frame, which is malformed but keeps its place in line. */
type Frame = Uint8Array | null;

/** WebSocket close reasons are limited to 123 bytes. */
function shortReason(reason: string): string {
	return Buffer.byteLength(reason) <= 123 ? reason : reason.slice(0, 60);
}

/**
 * A socket closed for not reading cannot read the close frame either; it is cut off after this
 * long so that what is queued for it is freed.
 */
const SLOW_READER_GRACE_MS = 1_000;

/** Node fires a timeout longer than 2^31-1 ms (~24.8 days) at once; tokens live longer. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Calls `fn` once the clock passes `at` (epoch ms), never synchronously; returns a cancel function. */
function callAt(at: number, fn: () => void): () => void {
	let timer: ReturnType<typeof setTimeout>;
	const arm = () => {
		const delay = at - Date.now();
		if (delay <= 0) return fn();
		timer = setTimeout(arm, Math.min(delay, MAX_TIMEOUT_MS));
		timer.unref();
	};
	timer = setTimeout(arm, 0);
	timer.unref();
	return () => clearTimeout(timer);
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return Buffer.concat(data);
	return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/**
 * One socket in one room. Frames are queued from the moment the socket opens and handled strictly
 * in order, one at a time, once the room's stored state is loaded (`start`): so a frame is never
 * handled against a half-loaded document, and a stored-ack covers every frame before it.
 */
export class Connection {
	readonly #ws: WebSocket;
	readonly #options: ConnectionOptions;
	readonly #queue: Frame[] = [];
	#room: Room | null = null;
	#draining = false;
	#closed = false;
	/** An update from this socket was dropped since the last stored-ack. */
	#refusedSinceAck = false;
	#refusalLogged = false;
	readonly #bucket: TokenBucket | null;
	readonly #outbox: Outbox;
	readonly #cancelExpiry: () => void;

	constructor(
		ws: WebSocket,
		readonly roomName: string,
		readonly context: ConnectionContext,
		options: ConnectionOptions
	) {
		this.#ws = ws;
		this.#options = options;
		ws.on('message', (data, isBinary) => this.#receive(isBinary ? toBytes(data) : null));
		ws.on('close', () => this.#finish());
		// ws reports protocol violations (e.g. a frame over maxPayload) here and closes the socket.
		ws.on('error', (error) => this.#options.log.warn('socket error', { room: roomName, error }));
		this.#bucket = options.rateLimit === undefined ? null : new TokenBucket(options.rateLimit);
		this.#outbox = new Outbox(ws, {
			maxBufferedBytes: options.maxBufferedBytes ?? Infinity,
			onOverflow: (bufferedBytes) => this.#closeSlowReader(bufferedBytes),
			onError: () => this.close(CloseCode.internalError, 'send failed')
		});
		this.#cancelExpiry =
			context.expiresAt === undefined
				? () => {}
				: callAt(context.expiresAt, () => this.close(CloseCode.unauthorized, 'expired'));
	}

	get closed(): boolean {
		return this.#closed;
	}

	/** Begins serving `room` (already loaded): greets the client, then handles what was queued. */
	start(room: Room): void {
		if (this.#closed) return;
		this.#room = room;
		room.greet(this);
		this.#drain();
	}

	send(message: Uint8Array): void {
		if (!this.#closed) this.#outbox.send(message);
	}

	/**
	 * Sends an answer the client asked for, at most one of each kind queued at a time: requests
	 * arriving while one is queued are coalesced (see `Outbox`). `build` runs now or later.
	 */
	answer(kind: AnswerKind, build: () => Uint8Array | null): void {
		if (!this.#closed) this.#outbox.answer(kind, () => (this.#closed ? null : build()));
	}

	close(code: number, reason: string): void {
		if (this.#closed) return;
		this.#ws.close(code, shortReason(reason));
		this.#finish();
	}

	/** Drops an update this socket may not write; the next stored-ack says so. */
	refuse(): void {
		this.#refusedSinceAck = true;
		if (this.#refusalLogged) return;
		this.#refusalLogged = true;
		this.#options.log.warn('update refused: no write permission', {
			room: this.roomName,
			memberId: this.context.memberId
		});
	}

	/**
	 * Whether the credential still allows writing, asked before each update is applied; if not (or
	 * if asking fails), the socket closes and the update is dropped unstored, never half-applied.
	 */
	stillAuthorized(): boolean {
		const check = this.context.mayStillWrite;
		if (check === undefined) return true;
		let allowed: boolean;
		try {
			allowed = check();
		} catch (error) {
			this.#options.log.error('write check failed', { room: this.roomName, error });
			this.close(CloseCode.internalError, 'write check failed');
			return false;
		}
		if (allowed) return true;
		this.#options.log.warn('update refused: revoked', {
			room: this.roomName,
			memberId: this.context.memberId
		});
		this.close(CloseCode.forbidden, 'revoked');
		return false;
	}

	/** Answers `[100, token]`: every earlier frame of this socket has been handled by now. */
	ack(token: number): void {
		const status = this.#refusedSinceAck ? StoredStatus.refused : StoredStatus.stored;
		this.#refusedSinceAck = false;
		this.send(protocol.storedAck(token, status));
	}

	#receive(frame: Frame): void {
		if (this.#closed) return;
		if (this.#bucket !== null && !this.#bucket.take()) {
			this.#options.log.warn('rate limited', { room: this.roomName, memberId: this.context.memberId });
			this.close(CloseCode.rateLimited, 'rate limited');
			return;
		}
		this.#queue.push(frame);
		this.#drain();
	}

	#drain(): void {
		const room = this.#room;
		if (room === null || this.#draining) return;
		this.#draining = true;
		try {
			for (let frame = this.#queue.shift(); frame !== undefined; frame = this.#queue.shift()) {
				if (this.#closed) break;
				this.#handle(room, frame);
			}
		} finally {
			this.#draining = false;
		}
	}

	#handle(room: Room, frame: Frame): void {
		try {
			if (frame === null) throw new Error('text frame');
			handleMessage(this, room, frame);
		} catch (error) {
			// Whatever broke came from this frame: only this socket goes; the client may reconnect.
			this.#options.log.warn('malformed frame', {
				room: this.roomName,
				memberId: this.context.memberId,
				error
			});
			this.close(CloseCode.malformed, error instanceof Error ? error.message : 'malformed');
		}
	}

	#closeSlowReader(bufferedBytes: number): void {
		this.#options.log.warn('slow reader closed', {
			room: this.roomName,
			memberId: this.context.memberId,
			bufferedBytes,
			closeCode: CloseCode.slowReader
		});
		this.close(CloseCode.slowReader, 'not reading');
		setTimeout(() => this.#ws.terminate(), SLOW_READER_GRACE_MS).unref();
	}

	#finish(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#queue.length = 0;
		this.#outbox.clear();
		this.#cancelExpiry();
		this.#options.onClose(this);
	}
}
