import { fromBase64, toBase64 } from 'lib0/buffer';
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/**
 * Keeps the last keystrokes of a page that closes before IndexedDB has them.
 *
 * y-indexeddb writes each update in its own IndexedDB transaction, asynchronously; a reload or a
 * closed tab within milliseconds of a keystroke aborts that transaction and the keystroke is gone
 * (unless the server already has it). So the updates not yet known to be committed are kept here,
 * and when the page is hidden or unloaded (`visibilitychange` to hidden, `pagehide`) they are
 * written synchronously to localStorage, merged, under one key per workspace document. The next
 * open of the document applies them after the IndexedDB load (applying what is already there
 * changes nothing) and removes the key once IndexedDB has committed them.
 *
 * "Committed": y-indexeddb's listener runs before ours (it was registered first) and opens its
 * read-write transaction on the `updates` store synchronously, so a read-only transaction on the
 * same store opened after it cannot start before that write has finished (the IndexedDB spec's
 * ordering of overlapping transactions). When our read-only transaction completes, every update
 * seen before it was opened is in IndexedDB. One such check runs at a time and covers every update
 * that arrived before it started.
 */
export interface UnloadRescueOptions {
	/** The localStorage key of this document, e.g. `xiaoan:unsaved:<workspace>/<document>`. */
	key: string;
	/** Where the updates are kept synchronously. Default `localStorage` (none outside a browser). */
	storage?: Storage | null;
	/**
	 * Where `pagehide` and `visibilitychange` arrive (the latter bubbles from the document).
	 * Default `window` (none outside a browser).
	 */
	events?: EventTarget | null;
	/** Whether the page is hidden now. Default `document.visibilityState === 'hidden'`. */
	hidden?: () => boolean;
	/**
	 * The largest merged update kept in localStorage, in bytes. A bigger one (a large paste just
	 * before closing) is left to IndexedDB alone, so localStorage's few megabytes are never filled.
	 * Default 256 KiB.
	 */
	maxBytes?: number;
}

const UPDATES = 'updates';
export const UNSAVED_PREFIX = 'xiaoan:unsaved:';

export class UnloadRescue {
	#doc: Y.Doc;
	#persistence: IndexeddbPersistence;
	#key: string;
	#storage: Storage | null;
	#events: EventTarget | null;
	#hidden: () => boolean;
	#maxBytes: number;
	/** Updates (any origin but IndexedDB's own reads) not yet known to be committed to IndexedDB. */
	#unconfirmed: Uint8Array[] = [];
	/** How many of `#unconfirmed` the running check covers; 0 when none runs. */
	#checking = 0;
	/** The key holds updates this page saved or restored, so this page removes it once committed. */
	#holdsKey = false;

	constructor(doc: Y.Doc, persistence: IndexeddbPersistence, options: UnloadRescueOptions) {
		this.#doc = doc;
		this.#persistence = persistence;
		this.#key = options.key;
		this.#storage = options.storage !== undefined ? options.storage : browserStorage();
		this.#events =
			options.events !== undefined ? options.events : typeof window === 'undefined' ? null : window;
		this.#hidden =
			options.hidden ?? (() => typeof document !== 'undefined' && document.visibilityState === 'hidden');
		this.#maxBytes = options.maxBytes ?? 256 * 1024;
		doc.on('update', this.#onUpdate);
		this.#events?.addEventListener('pagehide', this.#onLeave);
		this.#events?.addEventListener('visibilitychange', this.#onLeave);
	}

	/**
	 * Applies what an earlier page saved and could not write to IndexedDB. Call once the IndexedDB
	 * copy is loaded (before the first sync, so the server gets it too).
	 */
	restore(): void {
		const saved = this.#read();
		if (saved !== null) {
			this.#holdsKey = true;
			try {
				// Our own origin: y-indexeddb stores it (it skips only its own), the tracker ignores it.
				Y.applyUpdate(this.#doc, saved, this);
			} catch {
				// Not a Yjs update (a damaged key): nothing to restore.
			}
		}
		if (this.#unconfirmed.length === 0) this.#forget();
		else this.#check();
	}

	/** Writes the unconfirmed updates to the key now; on `pagehide` and when the page is hidden. */
	save(): void {
		if (this.#storage === null || this.#unconfirmed.length === 0) return;
		const merged = Y.mergeUpdates(this.#unconfirmed);
		if (merged.length > this.#maxBytes) return;
		try {
			this.#storage.setItem(this.#key, toBase64(merged));
			this.#holdsKey = true;
		} catch {
			// localStorage full or unavailable: IndexedDB may still finish.
		}
	}

	/**
	 * Stops following the document (released, the page stays). Checks already running still finish
	 * and remove the key; once the database is closed they cannot, and the next open does.
	 */
	destroy(): void {
		this.#doc.off('update', this.#onUpdate);
		this.#events?.removeEventListener('pagehide', this.#onLeave);
		this.#events?.removeEventListener('visibilitychange', this.#onLeave);
	}

	#onUpdate = (update: Uint8Array, origin: unknown): void => {
		if (origin === this.#persistence) return; // read from IndexedDB: it is there already
		this.#unconfirmed.push(update);
		this.#check();
	};

	#onLeave = (event: Event): void => {
		if (event.type === 'pagehide' || this.#hidden()) this.save();
	};

	/** Confirms every update seen so far once IndexedDB has finished writing it. */
	#check(): void {
		const db = this.#persistence.db;
		// Before the database is open y-indexeddb stores nothing itself; its load writes the whole
		// document and restore() checks after that.
		if (this.#checking > 0 || this.#unconfirmed.length === 0 || db === null) return;
		let transaction: IDBTransaction;
		try {
			transaction = db.transaction(UPDATES, 'readonly');
			transaction.objectStore(UPDATES).count();
		} catch {
			return; // the database is closed: the next open restores what was saved
		}
		this.#checking = this.#unconfirmed.length;
		transaction.oncomplete = () => {
			this.#unconfirmed.splice(0, this.#checking);
			this.#checking = 0;
			if (this.#unconfirmed.length === 0) this.#forget();
			else this.#check();
		};
		transaction.onabort = () => {
			this.#checking = 0; // kept; the next update checks again
		};
	}

	#forget(): void {
		if (!this.#holdsKey || this.#storage === null) return;
		this.#holdsKey = false;
		try {
			this.#storage.removeItem(this.#key);
		} catch {
			// unavailable: the next open applies it again, harmlessly
		}
	}

	#read(): Uint8Array | null {
		try {
			const value = this.#storage?.getItem(this.#key) ?? null;
			return value === null ? null : fromBase64(value);
		} catch {
			return null;
		}
	}
}

function browserStorage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null; // localStorage refused (e.g. storage blocked)
	}
}
