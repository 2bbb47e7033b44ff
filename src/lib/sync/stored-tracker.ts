import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { MessageType, StoredStatus } from './wire.ts';

/** Local changes not yet acknowledged as stored. `token` 0: not yet covered by a sent token. */
interface PendingChange {
	token: number;
}

export interface StoredTrackerOptions {
	/**
	 * Changes left unacknowledged by an earlier session of this document (restored from storage
	 * on reload). They are in the local document and go to the server in the next sync step 2.
	 * Default 0.
	 */
	initialPending?: number;
	/** Transaction origins that are not local edits, e.g. the IndexedDB persistence. */
	ignoreOrigins?: readonly unknown[];
	/**
	 * How often to ask for an acknowledgement while connected, even with nothing pending. This also
	 * keeps y-websocket's 30-second "no message received" watchdog from reconnecting quiet rooms.
	 * Default 10 000 ms.
	 */
	heartbeatMs?: number;
}

type Listener = (pending: number, refused: boolean) => void;

/**
 * Counts the local changes of one document that the server has not yet durably stored.
 *
 * It asks on our own message type (see wire.ts): after local changes it sends `[100, token]`; the
 * server answers `[100, token, status]` once every earlier message of the socket is committed.
 * Changes made while offline or before the connection synced travel in the sync step 2 that
 * y-websocket sends in reply to the server's step 1, which precedes the server's step 2 and so the
 * `synced` event; a token sent at `synced` therefore covers them too.
 */
export class StoredTracker {
	#provider: WebsocketProvider;
	#doc: Y.Doc;
	#changes: PendingChange[] = [];
	#nextToken = 1;
	#scheduled = false;
	#refused = false;
	#listeners = new Set<Listener>();
	#ignore: Set<unknown>;
	#heartbeat: ReturnType<typeof setInterval>;

	constructor(provider: WebsocketProvider, doc: Y.Doc, options: StoredTrackerOptions = {}) {
		this.#provider = provider;
		this.#doc = doc;
		this.#ignore = new Set(options.ignoreOrigins ?? []);
		for (let i = 0; i < (options.initialPending ?? 0); i++) this.#changes.push({ token: 0 });
		provider.messageHandlers[MessageType.stored] = (_encoder, decoder) => this.#onAck(decoder);
		doc.on('update', this.#onUpdate);
		provider.on('sync', this.#onSync);
		provider.on('status', this.#onStatus);
		this.#heartbeat = setInterval(() => {
			if (provider.wsconnected) this.#sendToken();
		}, options.heartbeatMs ?? 10_000);
	}

	/** Number of local changes (transactions) the server has not yet confirmed as stored. */
	get pending(): number {
		return this.#changes.length;
	}

	/** True once the server said it dropped this connection's changes (no write permission). */
	get refused(): boolean {
		return this.#refused;
	}

	on(event: 'pending', listener: Listener): () => void {
		void event;
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	destroy(): void {
		clearInterval(this.#heartbeat);
		this.#doc.off('update', this.#onUpdate);
		this.#provider.off('sync', this.#onSync);
		this.#provider.off('status', this.#onStatus);
		delete this.#provider.messageHandlers[MessageType.stored];
		this.#listeners.clear();
	}

	#onUpdate = (_update: Uint8Array, origin: unknown): void => {
		if (origin === this.#provider || this.#ignore.has(origin)) return;
		this.#changes.push({ token: 0 });
		this.#emit();
		// Sent already by the provider (its handler runs before ours) only once synced; before that
		// the change rides in step 2 and is covered by the token sent at `synced`.
		if (this.#provider.synced) this.#schedule();
	};

	#onSync = (synced: boolean): void => {
		if (synced) this.#sendToken();
	};

	#onStatus = ({ status }: { status: string }): void => {
		if (status !== 'disconnected') return;
		// Whatever was sent but not acknowledged may be lost; the next step 2 resends it.
		for (const change of this.#changes) change.token = 0;
	};

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		queueMicrotask(() => {
			this.#scheduled = false;
			this.#sendToken();
		});
	}

	#sendToken(): void {
		const ws = this.#provider.ws;
		if (!this.#provider.wsconnected || ws === null || ws.readyState !== ws.OPEN) return;
		const token = this.#nextToken++;
		if (this.#provider.synced) {
			for (const change of this.#changes) if (change.token === 0) change.token = token;
		}
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.stored);
		encoding.writeVarUint(encoder, token);
		ws.send(encoding.toUint8Array(encoder));
	}

	#onAck(decoder: decoding.Decoder): void {
		const token = decoding.readVarUint(decoder);
		const status = decoding.readVarUint(decoder);
		if (status === StoredStatus.refused) {
			this.#refused = true;
			this.#emit();
			return;
		}
		const before = this.#changes.length;
		this.#changes = this.#changes.filter((change) => change.token === 0 || change.token > token);
		if (this.#changes.length !== before) this.#emit();
	}

	#emit(): void {
		for (const listener of this.#listeners) listener(this.pending, this.#refused);
	}
}
