import { decodeFirstRows, encodeFirstRows, type FirstRows } from '../model/ledger-first-rows.ts';
import type { Role } from '../model/permissions.ts';
import { forgetKeys, localStore } from './local-store.ts';

/**
 * The ledger's first rows kept on this device (model/ledger-first-rows.ts), in localStorage: read
 * synchronously while the ledger state is made, so the first render already has rows, before
 * the document has been read from IndexedDB and applied (seconds for 10,000 entries on a slow
 * device). IndexedDB would cost a round trip behind the document's own read. One key per
 * workspace and member; a sign-out forgets them all.
 */
const PREFIX = 'xiaoan:ledger-first-rows:';
const key = (workspace: string, member: string) => `${PREFIX}${workspace}:${member}`;

/** The reader the rows must have been kept for. */
export interface FirstRowsReader {
	id: string;
	role: Role;
}

/**
 * The rows kept for `reader` in `workspace`, or null: none, damaged, or kept when the member had
 * another role (their inbox would differ).
 */
export function loadFirstRows(workspace: string, reader: FirstRowsReader): FirstRows | null {
	try {
		const rows = decodeFirstRows(localStore()?.getItem(key(workspace, reader.id)) ?? null);
		return rows !== null && rows.member === reader.id && rows.role === reader.role ? rows : null;
	} catch {
		return null;
	}
}

/** Forgets every member's rows on this device (sign-out). */
export function forgetFirstRows(): void {
	forgetKeys(PREFIX);
}

export interface FirstRowsKeeperOptions {
	workspace: string;
	member: string;
	/** Makes the rows to keep from the live ledger; called only when a save is due. */
	make: () => FirstRows;
	/** Quiet time after the last change before saving. Default 2000 ms. */
	delayMs?: number;
	/**
	 * Whether the member is still signed in on this device: a save due after a sign-out (the ledger
	 * lingers, then flushes as it closes) must not write back what the sign-out forgot. Default: yes.
	 */
	signedIn?: () => boolean;
}

/**
 * Keeps a member's first rows current, cheaply: `changed()` after the ledger (or the duty board the
 * inbox depends on) changed; the rows are made and written once things have been quiet for
 * `delayMs`, and only when they differ from those last written. `flush()` writes a due save now
 * (the page is being hidden or the ledger closed).
 */
export class FirstRowsKeeper {
	readonly #options: FirstRowsKeeperOptions;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#due = false;
	#saved: string | null = null;

	constructor(options: FirstRowsKeeperOptions) {
		this.#options = options;
	}

	changed(): void {
		this.#due = true;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => this.flush(), this.#options.delayMs ?? 2000);
	}

	flush(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		if (!this.#due) return;
		this.#due = false;
		if (this.#options.signedIn?.() === false) return;
		const json = encodeFirstRows(this.#options.make());
		if (json === this.#saved) return;
		this.#saved = json;
		try {
			localStore()?.setItem(key(this.#options.workspace, this.#options.member), json);
		} catch {
			// Storage full: the rows are only a head start, the ledger itself is in IndexedDB.
		}
	}

	/** Stops without saving what is due. */
	stop(): void {
		clearTimeout(this.#timer);
		this.#due = false;
	}
}
