/**
 * localStorage for what a device keeps for its screens (the ledger's first rows, its own round
 * summaries): null where there is none or the browser blocks it, so that keeping is only ever a
 * head start.
 */
export function localStore(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		// A browser with storage blocked throws on the very access.
		return null;
	}
}

/** Removes every key that starts with `prefix` (a sign-out forgets what was kept). */
export function forgetKeys(prefix: string): void {
	const store = localStore();
	if (store === null) return;
	const keys: string[] = [];
	for (let i = 0; i < store.length; i++) {
		const name = store.key(i);
		if (name?.startsWith(prefix)) keys.push(name);
	}
	for (const name of keys) store.removeItem(name);
}
