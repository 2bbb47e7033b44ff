import type { DocumentName } from '../model/documents.ts';
import type { DocHandle } from './doc-handle.ts';
import type { SyncHub } from './hub.ts';

/** A document of the workspace and the server's version of it (null while not known). */
export interface WorkspaceDocument {
	name: DocumentName;
	version: number | null;
}

/** Which version of each document this device last brought into IndexedDB. */
export interface VisitStore {
	get(name: DocumentName): number | undefined;
	set(name: DocumentName, version: number): void;
}

export interface BackgroundSyncOptions {
	hub: SyncHub;
	/** Every document of the workspace, most wanted first (read from `meta`, cheap). */
	documents: () => WorkspaceDocument[];
	/** Default: localStorage in a browser, memory elsewhere. */
	store?: VisitStore;
	/** Longest wait for one document to sync before moving on (and retrying later). Default 20 s. */
	visitTimeoutMs?: number;
	/** Wait before retrying documents that timed out. Default 60 s. */
	retryMs?: number;
}

export interface BackgroundStatus {
	/** Documents in the workspace. */
	total: number;
	/** Of those, up to date on this device as far as the last known versions go. */
	current: number;
	/** The document being fetched now, if any. */
	visiting: DocumentName | null;
}

/**
 * Brings every document of the workspace into IndexedDB while the device is online, one at a time,
 * so a round never opened on this device is there in a dead zone (design.md §4).
 *
 * One document at a time keeps the device's sockets few and bounded: the documents on screen plus
 * this one. A school has dozens of rounds a year; a socket each would multiply the server's rooms,
 * memory and awareness traffic by every device. Instead the server writes each document's version
 * into `meta` (always open), and this visits only what changed since its last visit, plus any
 * document holding local changes not yet stored (so offline work syncs without being reopened).
 */
export class BackgroundSync {
	readonly #options: BackgroundSyncOptions;
	readonly #store: VisitStore;
	readonly #listeners = new Set<() => void>();
	/** Documents that timed out, with when to try again. */
	readonly #retryAt = new Map<DocumentName, number>();
	#running = false;
	#stopped = false;
	#wake: (() => void) | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#status: BackgroundStatus = { total: 0, current: 0, visiting: null };

	constructor(options: BackgroundSyncOptions) {
		this.#options = options;
		this.#store = options.store ?? defaultStore(options.hub.workspace);
	}

	get status(): BackgroundStatus {
		return this.#status;
	}

	onStatus(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Starts the loop (idempotent); it sleeps when nothing is due and wakes on `poke`. */
	start(): void {
		if (this.#running || this.#stopped) return;
		this.#running = true;
		void this.#loop().finally(() => (this.#running = false));
	}

	/** Something may be due: `meta` changed, the device came online, a page closed a document. */
	poke(): void {
		this.#refreshStatus();
		this.#wake?.();
		this.start();
	}

	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#retryTimer);
		this.#wake?.();
		this.#listeners.clear();
	}

	async #loop(): Promise<void> {
		while (!this.#stopped) {
			const next = this.#options.hub.online ? this.#due()[0] : undefined;
			this.#refreshStatus();
			if (next === undefined) {
				await new Promise<void>((resolve) => (this.#wake = resolve));
				this.#wake = null;
				continue;
			}
			await this.#visit(next);
		}
	}

	/** Documents to fetch now: never visited, changed on the server since, or holding local changes. */
	#due(): WorkspaceDocument[] {
		const now = Date.now();
		return this.#options.documents().filter((document) => {
			if ((this.#retryAt.get(document.name) ?? 0) > now) return false;
			// Refused for good: visiting would only send the refused change again (hub.ts).
			if (this.#options.hub.refusal(document.name) !== null) return false;
			return !this.#isCurrent(document) || this.#options.hub.pendingFor(document.name) > 0;
		});
	}

	#isCurrent({ name, version }: WorkspaceDocument): boolean {
		const visited = this.#store.get(name);
		return visited !== undefined && (version === null || visited === version);
	}

	async #visit(document: WorkspaceDocument): Promise<void> {
		const { hub } = this.#options;
		this.#setStatus({ ...this.#status, visiting: document.name });
		const handle = hub.open(document.name);
		try {
			const done = await settled(hub, handle, this.#options.visitTimeoutMs ?? 20_000);
			if (done === 'synced') {
				// The version seen before the visit: if the server moved on meanwhile, `meta` says so
				// and the document is visited again.
				this.#store.set(document.name, document.version ?? 0);
				this.#retryAt.delete(document.name);
			} else if (done === 'timeout') {
				this.#retryLater(document.name);
			}
		} finally {
			hub.release(document.name, { lingerMs: 0 });
			this.#setStatus({ ...this.#status, visiting: null });
		}
	}

	#retryLater(name: DocumentName): void {
		const retryMs = this.#options.retryMs ?? 60_000;
		this.#retryAt.set(name, Date.now() + retryMs);
		clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => this.poke(), retryMs);
	}

	#refreshStatus(): void {
		const documents = this.#options.documents();
		const current = documents.filter((document) => this.#isCurrent(document)).length;
		this.#setStatus({ total: documents.length, current, visiting: this.#status.visiting });
	}

	#setStatus(status: BackgroundStatus): void {
		const before = this.#status;
		this.#status = status;
		if (
			before.total === status.total &&
			before.current === status.current &&
			before.visiting === status.visiting
		)
			return;
		for (const listener of this.#listeners) listener();
	}
}

/**
 * Waits until the document is synced with nothing of this device's left unstored (or refused:
 * a reader's changes never will be), the device goes offline, or `timeoutMs` passes.
 */
function settled(
	hub: SyncHub,
	handle: DocHandle,
	timeoutMs: number
): Promise<'synced' | 'offline' | 'timeout'> {
	return new Promise((resolve) => {
		let stop = (): void => {};
		const finish = (result: 'synced' | 'offline' | 'timeout'): void => {
			clearTimeout(timer);
			stop();
			resolve(result);
		};
		const check = (): void => {
			const { connection, pending, refused } = handle.status;
			if (connection === 'synced' && (pending === 0 || refused)) finish('synced');
			// A failed attempt also reads as offline while y-websocket retries; only the device
			// going offline ends the visit early.
			else if (!hub.online) finish('offline');
		};
		const timer = setTimeout(() => finish('timeout'), timeoutMs);
		stop = handle.onStatus(check);
		check();
	});
}

function defaultStore(workspace: string): VisitStore {
	const key = `xiaoan:visited:${workspace}`;
	const persisted = typeof localStorage === 'undefined' ? null : localStorage;
	let versions: Record<string, number> = {};
	try {
		versions = JSON.parse(persisted?.getItem(key) ?? '{}') as Record<string, number>;
	} catch {
		// A damaged record only means documents are fetched once more.
	}
	return {
		get: (name) => {
			const version = versions[name];
			return typeof version === 'number' ? version : undefined;
		},
		set: (name, version) => {
			versions = { ...versions, [name]: version };
			persisted?.setItem(key, JSON.stringify(versions));
		}
	};
}
