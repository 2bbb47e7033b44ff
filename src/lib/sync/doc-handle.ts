import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentName } from '../model/documents.ts';
import { keepCompact } from './idb-compaction.ts';
import { quietFirstLoad } from './quiet-load.ts';
import { StoredTracker } from './stored-tracker.ts';
import { UNSAVED_PREFIX, UnloadRescue } from './unload-rescue.ts';

export type ConnectionState = 'offline' | 'connecting' | 'synced';

export interface DocStatus {
	/** `synced` once the server's state has been received on the current connection. */
	connection: ConnectionState;
	/** Local changes the server has not yet confirmed as durably stored. */
	pending: number;
	/** The server dropped changes from this device: it may only read this document. */
	refused: boolean;
}

/** The server closed the connection for good (close codes 4400–4499): e.g. an expired token. */
export interface TerminalClose {
	code: number;
	reason: string;
}

export interface DocHandleOptions {
	serverUrl: string;
	room: string;
	/** Query parameters sent on every (re)connect, e.g. `{ token }`. */
	params: Record<string, string>;
	/** Keep the document in IndexedDB. */
	persistence: boolean;
	WebSocketPolyfill?: typeof WebSocket;
	/** Changes left unacknowledged by an earlier session of this document. */
	initialPending: number;
	onPendingChange: (pending: number) => void;
	connect: boolean;
}

/** One open document: its Y.Doc, its IndexedDB copy, its WebSocket provider and awareness. */
export class DocHandle {
	readonly doc = new Y.Doc();
	readonly name: DocumentName;
	/** Resolves once the IndexedDB copy (if any) is in `doc`. */
	readonly loaded: Promise<void>;
	readonly #provider: WebsocketProvider;
	readonly #persistence: IndexeddbPersistence | null;
	readonly #rescue: UnloadRescue | null;
	readonly #tracker: StoredTracker;
	readonly #statusListeners = new Set<() => void>();
	readonly #closedListeners = new Set<(close: TerminalClose) => void>();
	readonly #changeListeners = new Set<() => void>();
	#connection: ConnectionState = 'offline';
	/** Whether the device wants this document connected (network up, not refused). */
	#wanted: boolean;
	#ready = false;
	refs = 0;

	constructor(name: DocumentName, options: DocHandleOptions) {
		this.name = name;
		this.#persistence = options.persistence
			? new IndexeddbPersistence(`xiaoan/${options.room}`, this.doc)
			: null;
		// Created right after the persistence, so its update listener runs after y-indexeddb's (unload-rescue.ts).
		this.#rescue = this.#persistence
			? new UnloadRescue(this.doc, this.#persistence, { key: UNSAVED_PREFIX + options.room })
			: null;
		// y-indexeddb merges its rows only after a pause in editing; this bounds them during one too.
		if (this.#persistence) keepCompact(this.#persistence);
		// Opening a large document from IndexedDB must not pay for encoding it again (quiet-load.ts).
		if (this.#persistence)
			quietFirstLoad(this.doc, this.#persistence, () => {
				for (const listener of this.#changeListeners) listener();
			});
		// Keystrokes an earlier page closed on before IndexedDB had them come back with the load.
		this.loaded = this.#persistence
			? this.#persistence.whenSynced.then(() => this.#rescue?.restore())
			: Promise.resolve();
		// Connect only once the device's own copy is loaded: the first sync step then carries the
		// real state vector, and the tracker's token at `synced` covers what IndexedDB held.
		this.#wanted = options.connect;
		this.#provider = new WebsocketProvider(options.serverUrl, options.room, this.doc, {
			connect: false,
			params: options.params,
			disableBc: false,
			maxBackoffTime: 5000,
			...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {})
		});
		this.#tracker = new StoredTracker(this.#provider, this.doc, {
			initialPending: options.initialPending,
			// A rescued update was counted by the page that made it (pending-store.ts).
			ignoreOrigins: [this.#persistence, this.#rescue].filter((origin) => origin !== null)
		});
		this.#tracker.on('pending', (pending) => {
			options.onPendingChange(pending);
			this.#notify();
		});
		this.#provider.on('status', ({ status }) => {
			// After a connection is lost y-websocket retries with backoff, announcing each attempt as
			// 'connecting'; the device stays "offline" until an attempt actually connects.
			if (status === 'connecting' && this.#connection === 'offline') return;
			this.#connection =
				status === 'disconnected' ? 'offline' : this.#provider.synced ? 'synced' : 'connecting';
			this.#notify();
		});
		// A connection attempt that fails never reports 'disconnected' (it was never connected).
		this.#provider.on('connection-close', () => {
			if (this.#connection === 'offline') return;
			this.#connection = 'offline';
			this.#notify();
		});
		this.#provider.on('closed', (close: TerminalClose) => {
			for (const listener of this.#closedListeners) listener(close);
		});
		this.#provider.on('sync', (synced: boolean) => {
			this.#connection = synced ? 'synced' : this.#provider.wsconnected ? 'connecting' : 'offline';
			this.#notify();
		});
		if (options.connect) this.#connection = 'connecting';
		void this.loaded.then(() => {
			this.#ready = true;
			if (this.#wanted) this.#provider.connect();
		});
	}

	get awareness(): Awareness {
		return this.#provider.awareness;
	}

	get status(): DocStatus {
		return { connection: this.#connection, pending: this.#tracker.pending, refused: this.#tracker.refused };
	}

	/** Calls `listener` after every change to the document, local or remote. */
	onChange(listener: () => void): () => void {
		const onUpdate = () => listener();
		this.#changeListeners.add(onUpdate);
		this.doc.on('update', onUpdate);
		return () => {
			this.#changeListeners.delete(onUpdate);
			this.doc.off('update', onUpdate);
		};
	}

	onStatus(listener: () => void): () => void {
		this.#statusListeners.add(listener);
		return () => this.#statusListeners.delete(listener);
	}

	/** Calls `listener` when the server refuses this device for good; y-websocket stops retrying. */
	onClosed(listener: (close: TerminalClose) => void): () => void {
		this.#closedListeners.add(listener);
		return () => this.#closedListeners.delete(listener);
	}

	connect(): void {
		this.#wanted = true;
		if (this.#provider.shouldConnect) return;
		if (this.#ready) this.#provider.connect();
		this.#connection = 'connecting';
		this.#notify();
	}

	disconnect(): void {
		this.#wanted = false;
		this.#provider.disconnect();
		this.#connection = 'offline';
		this.#notify();
	}

	/** Replaces the connection parameters (e.g. a refreshed token); takes effect on the next connect. */
	setParams(params: Record<string, string>): void {
		this.#provider.params = params;
	}

	async destroy(): Promise<void> {
		this.#tracker.destroy();
		this.#rescue?.destroy();
		this.#provider.destroy();
		this.#statusListeners.clear();
		this.#closedListeners.clear();
		await this.#persistence?.destroy();
		this.doc.destroy();
	}

	#notify(): void {
		for (const listener of this.#statusListeners) listener();
	}
}
