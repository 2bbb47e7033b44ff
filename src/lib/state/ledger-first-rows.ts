import { decodeFirstRows, encodeFirstRows, type FirstRows } from '../model/ledger-first-rows.ts';
import type { LedgerIndex } from '../model/ledger-index.ts';

/**
 * The ledger's first rows kept on this device (model/ledger-first-rows.ts), in localStorage: read
 * synchronously when a ledger screen is made, so its first rows show before the document has been
 * read from IndexedDB and applied (seconds for 10,000 entries on a slow phone).
 */
const key = (workspace: string) => `xiaoan:ledger-first-rows:${workspace}`;

/** The rows saved for `workspace`'s ledger, or null. */
export function loadFirstRows(workspace: string): FirstRows | null {
	try {
		return decodeFirstRows(localStorage.getItem(key(workspace)));
	} catch {
		return null;
	}
}

/**
 * Saves `index`'s first rows now and, after it changes, once it has been quiet for `delayMs`
 * (default 2 s), when they differ from those saved. Start it once the document has loaded from
 * IndexedDB: before that the index holds only part of the ledger. Returns the stop function.
 */
export function keepFirstRows(workspace: string, index: LedgerIndex, delayMs = 2000): () => void {
	let saved: string | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const save = () => {
		timer = undefined;
		const json = encodeFirstRows(index.views);
		if (json === saved) return;
		saved = json;
		try {
			localStorage.setItem(key(workspace), json);
		} catch {
			// Storage full: the rows are only a head start, the ledger itself is in IndexedDB.
		}
	};
	save();
	const unsubscribe = index.subscribe(() => {
		clearTimeout(timer);
		timer = setTimeout(save, delayMs);
	});
	return () => {
		unsubscribe();
		clearTimeout(timer);
	};
}
