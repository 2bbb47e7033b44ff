import type { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * Lets y-indexeddb's first load into `doc` run without Yjs encoding it a second time for the
 * document's `update` listeners. Yjs encodes each transaction's changes for those listeners; for
 * the load that is the whole stored document (8 MiB for a 10,000-entry ledger), which took as long
 * as applying it (docs/ARCHITECTURE.md, "Hazard numbers"), and no listener of a DocHandle wants it:
 * y-indexeddb, the provider (not connected before the load), the stored-change tracker and the
 * compaction all ignore what the persistence applied. So the listeners are set aside from just
 * before Yjs would encode until the transaction is over, and then `onLoaded` tells whoever follows
 * changes (DocHandle.onChange) that the document changed. Only the first load: rows another tab
 * writes later reach every listener as before.
 */
export function quietFirstLoad(doc: Y.Doc, persistence: IndexeddbPersistence, onLoaded: () => void): void {
	// lib0's Observable keeps its listeners in this map; Yjs encodes only when it has 'update'.
	const observers = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers;
	let held: Set<unknown> | undefined;
	let changed = false;
	const hold = (transaction: Y.Transaction): void => {
		if (transaction.origin !== persistence || held !== undefined) return;
		changed =
			transaction.deleteSet.clients.size > 0 ||
			[...transaction.afterState].some(([client, clock]) => transaction.beforeState.get(client) !== clock);
		held = observers.get('update') ?? new Set();
		observers.delete('update');
	};
	const restore = (): void => {
		if (held === undefined) return;
		for (const listener of observers.get('update') ?? []) held.add(listener);
		if (held.size > 0) observers.set('update', held);
		held = undefined;
		if (changed) onLoaded();
	};
	doc.on('afterTransactionCleanup', hold);
	doc.on('afterAllTransactions', restore);
	void persistence.whenSynced.then(() => {
		doc.off('afterTransactionCleanup', hold);
		doc.off('afterAllTransactions', restore);
	});
}
