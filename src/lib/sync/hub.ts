import { roomName, type DocumentName } from '../model/documents.ts';
import { DocHandle, type ConnectionState, type DocStatus, type TerminalClose } from './doc-handle.ts';
import { CloseCode } from './wire.ts';

/**
 * Close codes by which the server refuses a change of this device for good: sending the same
 * document again would send the same change and be refused again (and, for a rule inside a
 * document, be recorded again). Auth codes are the session's business (AppState).
 */
const REFUSING: ReadonlySet<number> = new Set([
	CloseCode.invalidShape,
	CloseCode.documentTooLarge,
	CloseCode.workspaceFull,
	CloseCode.roundLocked,
	CloseCode.notPermitted
]);
import { browserPendingStore, memoryPendingStore, type PendingStore } from './pending-store.ts';

export interface SyncHubOptions {
	/** WebSocket endpoint, e.g. `ws://localhost:8080/sync`. */
	serverUrl: string;
	workspace: string;
	/** Query parameters sent on every (re)connect, e.g. `{ token }`. Default none. */
	params?: Record<string, string>;
	/** Keep documents in IndexedDB. Default: whenever `indexedDB` exists. */
	persistence?: boolean;
	/** Needed in Node 20, which has no global WebSocket. */
	WebSocketPolyfill?: typeof WebSocket;
	/** Where unacknowledged-change counts survive a reload. Default: localStorage in a browser. */
	pendingStore?: PendingStore;
	/** Connect right away. Default true. */
	connect?: boolean;
	/**
	 * How long a document stays open after its last release, so moving between pages does not
	 * close and reopen its socket. Default 5000 ms.
	 */
	lingerMs?: number;
	/**
	 * After the server turned a document's socket away because the member holds too many (4429,
	 * which y-websocket does not retry), the wait before the hub tries again: doubled with each
	 * refusal in a row, up to `MAX_BUSY_RETRY_MS`. Default 15 s.
	 */
	busyRetryMs?: number;
}

/** The longest wait between two tries of a document turned away for too many sockets. */
const MAX_BUSY_RETRY_MS = 5 * 60_000;

export type HubStatus = DocStatus & { documents: number };

/**
 * Opens and closes a workspace's documents. The only creator of providers in the app: every
 * document gets its IndexedDB copy, its WebSocket provider and its stored-change tracker here.
 */
export class SyncHub {
	readonly workspace: string;
	readonly #options: SyncHubOptions;
	readonly #handles = new Map<DocumentName, DocHandle>();
	readonly #listeners = new Set<() => void>();
	readonly #closedListeners = new Set<(close: TerminalClose) => void>();
	readonly #openListeners = new Set<(handle: DocHandle) => void>();
	readonly #pendingStore: PendingStore;
	readonly #closing = new Map<DocumentName, ReturnType<typeof setTimeout>>();
	/** Documents whose changes the server refused for good in this session, with the close code. */
	readonly #refused = new Map<DocumentName, number>();
	/** Documents turned away for too many sockets: the next try, and the refusals in a row. */
	readonly #busy = new Map<DocumentName, { timer?: ReturnType<typeof setTimeout>; refusals: number }>();
	#online: boolean;

	constructor(options: SyncHubOptions) {
		this.#options = options;
		this.workspace = options.workspace;
		this.#online = options.connect ?? true;
		this.#pendingStore =
			options.pendingStore ??
			(typeof localStorage === 'undefined' ? memoryPendingStore() : browserPendingStore());
	}

	/** Opens `name` (or returns the open handle) and counts a reference; pair with `release`. */
	open(name: DocumentName): DocHandle {
		clearTimeout(this.#closing.get(name));
		this.#closing.delete(name);
		let handle = this.#handles.get(name);
		if (!handle) {
			const room = roomName(this.workspace, name);
			handle = new DocHandle(name, {
				serverUrl: this.#options.serverUrl,
				room,
				params: this.#options.params ?? {},
				persistence: this.#options.persistence ?? typeof indexedDB !== 'undefined',
				WebSocketPolyfill: this.#options.WebSocketPolyfill,
				initialPending: this.#pendingStore.get(room),
				onPendingChange: (pending) => this.#pendingStore.set(room, pending),
				connect: this.#online && !this.#refused.has(name)
			});
			const opened = handle;
			handle.onStatus(() => {
				if (opened.status.connection === 'synced') this.#busy.delete(name);
				this.#notify();
			});
			handle.onClosed((close) => {
				if (REFUSING.has(close.code)) {
					this.#refused.set(name, close.code);
					this.#notify();
				}
				if (close.code === CloseCode.tooManySockets) this.#retryWhenFree(name, opened);
				for (const listener of this.#closedListeners) listener(close);
			});
			this.#handles.set(name, handle);
			for (const listener of this.#openListeners) listener(handle);
			this.#notify();
		}
		handle.refs++;
		return handle;
	}

	/**
	 * Drops a reference; the last one closes the document's providers (its data stays in IndexedDB)
	 * after `lingerMs` (default: the hub's `lingerMs`). The background syncer passes 0: nobody is
	 * about to come back to the document it visited.
	 */
	release(name: DocumentName, options: { lingerMs?: number } = {}): void {
		const handle = this.#handles.get(name);
		if (!handle || --handle.refs > 0) return;
		this.#closing.set(
			name,
			setTimeout(
				() => {
					this.#closing.delete(name);
					if (handle.refs > 0 || this.#handles.get(name) !== handle) return;
					this.#handles.delete(name);
					clearTimeout(this.#busy.get(name)?.timer);
					this.#busy.delete(name);
					this.#notify();
					void handle.destroy();
				},
				options.lingerMs ?? this.#options.lingerMs ?? 5000
			)
		);
	}

	/** Whether the device wants to be connected (it follows the browser's online/offline events). */
	get online(): boolean {
		return this.#online;
	}

	/** Local changes of `name` the server has not confirmed yet, whether or not it is open now. */
	pendingFor(name: DocumentName): number {
		const handle = this.#handles.get(name);
		return handle ? handle.status.pending : this.#pendingStore.get(roomName(this.workspace, name));
	}

	/** Open WebSocket providers right now: the documents on screen plus the background syncer's one. */
	get openDocuments(): number {
		return this.#handles.size;
	}

	/** Calls `listener` with every document opened from now on (e.g. to migrate it once loaded). */
	onOpen(listener: (handle: DocHandle) => void): () => void {
		this.#openListeners.add(listener);
		return () => this.#openListeners.delete(listener);
	}

	/** The status of all open documents: the worst connection state and the sum of pending changes. */
	get status(): HubStatus {
		let connection: ConnectionState = 'synced';
		let pending = 0;
		let refused = false;
		for (const handle of this.#handles.values()) {
			const status = handle.status;
			pending += status.pending;
			refused ||= status.refused;
			if (status.connection === 'offline') connection = 'offline';
			else if (status.connection === 'connecting' && connection === 'synced') connection = 'connecting';
		}
		if (this.#handles.size === 0) connection = this.#online ? 'connecting' : 'offline';
		return { connection, pending, refused, documents: this.#handles.size };
	}

	onStatus(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Calls `listener` when the server refuses a document's connection for good (e.g. token expired). */
	onClosed(listener: (close: TerminalClose) => void): () => void {
		this.#closedListeners.add(listener);
		return () => this.#closedListeners.delete(listener);
	}

	/**
	 * The close code by which the server refused this device's changes of `name` for good in this
	 * session, or null. Such a document stays on the device, readable and writable, but is not
	 * connected again by `reconnect`, `setOnline` or a later `open` (the background syncer's), so
	 * the refused change is not sent again and again; a reload, or `retry`, tries once more.
	 */
	refusal(name: DocumentName): number | null {
		return this.#refused.get(name) ?? null;
	}

	/** Every document refused for good in this session, with its close code. */
	get refusals(): [DocumentName, number][] {
		return [...this.#refused];
	}

	/** Forgets a refusal and connects `name` again (e.g. a round re-opened by the office). */
	retry(name: DocumentName): void {
		this.#refused.delete(name);
		this.#notify();
		if (this.#online) this.#handles.get(name)?.connect();
	}

	/** Connects every open document again, e.g. after a refreshed token; refused ones stay closed. */
	reconnect(): void {
		if (!this.#online) return;
		for (const [name, handle] of this.#handles) if (!this.#refused.has(name)) handle.connect();
	}

	/**
	 * Follows the device's network: offline closes every socket at once (so the UI says 离线 right
	 * away instead of after y-websocket's 30-second watchdog), online reconnects.
	 */
	setOnline(online: boolean): void {
		if (online === this.#online) return;
		this.#online = online;
		for (const [name, handle] of this.#handles) {
			if (!online) handle.disconnect();
			else if (!this.#refused.has(name)) handle.connect();
		}
		this.#notify();
	}

	/** New connection parameters (a refreshed token) for every open and future document. */
	setParams(params: Record<string, string>): void {
		this.#options.params = params;
		for (const handle of this.#handles.values()) handle.setParams(params);
	}

	async destroy(): Promise<void> {
		const handles = [...this.#handles.values()];
		for (const { timer } of this.#busy.values()) clearTimeout(timer);
		this.#busy.clear();
		for (const timer of this.#closing.values()) clearTimeout(timer);
		this.#closing.clear();
		this.#handles.clear();
		this.#listeners.clear();
		this.#closedListeners.clear();
		this.#openListeners.clear();
		await Promise.all(handles.map((handle) => handle.destroy()));
	}

	/**
	 * Tries `name` again a while after the server turned its socket away for too many sockets of
	 * this member (other tabs and devices, lingering documents): their sockets close as pages are
	 * left, so the change kept on the device syncs without a reload, as the message promises.
	 */
	#retryWhenFree(name: DocumentName, handle: DocHandle): void {
		const busy = this.#busy.get(name) ?? { refusals: 0 };
		clearTimeout(busy.timer);
		const wait = Math.min((this.#options.busyRetryMs ?? 15_000) * 2 ** busy.refusals, MAX_BUSY_RETRY_MS);
		busy.refusals++;
		busy.timer = setTimeout(() => {
			busy.timer = undefined;
			if (this.#handles.get(name) !== handle || !this.#online || this.#refused.has(name)) return;
			handle.connect();
		}, wait);
		this.#busy.set(name, busy);
	}

	#notify(): void {
		for (const listener of this.#listeners) listener();
	}
}
