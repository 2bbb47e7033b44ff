import type * as Y from 'yjs';

type Store = Y.Doc['store'];

/**
 * What Yjs holds back until missing dependencies arrive (`store.pendingStructs`, `pendingDs`, both
 * V2-encoded), saved before an update so it can be told apart from and put back after it.
 * Yjs merges new pending structs into the existing object in place, so the object's identity says
 * nothing: its `update` bytes are kept separately.
 */
export interface PendingState {
	structs: Store['pendingStructs'];
	update: Uint8Array | null;
	ds: Uint8Array | null;
	bytes: number;
}

/**
 * Bytes Yjs keeps pending. Exact and O(1); every later update in the room re-reads the pending
 * delete set, and every update with missing dependencies re-merges the pending structs, so this
 * is what their cost grows with.
 */
export function pendingBytes(store: Store): number {
	return (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
}

export function savePending(store: Store): PendingState {
	return {
		structs: store.pendingStructs,
		update: store.pendingStructs?.update ?? null,
		ds: store.pendingDs,
		bytes: pendingBytes(store)
	};
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
	if (a === b) return true;
	return a !== null && b !== null && a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

/** True when something is pending now that differs from `before` (Yjs re-encodes unchanged parts). */
export function pendingChangedSince(before: PendingState, store: Store): boolean {
	if (store.pendingStructs === null && store.pendingDs === null) return false;
	return (
		!sameBytes(before.update, store.pendingStructs?.update ?? null) || !sameBytes(before.ds, store.pendingDs)
	);
}

/**
 * Puts the pending parts back as `before`, dropping what the last update added to them. Sound even
 * when part of that update (or of the pending parts) was integrated meanwhile: Yjs skips structs
 * it already has when it retries pending ones, and deleting again is a no-op. The `missing` map may
 * keep entries the update added or lowered: Yjs only uses it to decide when to retry, and a retry
 * recomputes it.
 */
export function restorePending(store: Store, before: PendingState): void {
	if (before.structs !== null && before.update !== null) before.structs.update = before.update;
	store.pendingStructs = before.structs;
	store.pendingDs = before.ds;
}
