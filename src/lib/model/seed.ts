import * as Y from 'yjs';
import type { Origin } from './origin.ts';
import { fnv1a32 } from './hash.ts';

/**
 * Content-addressed seed updates.
 *
 * Seeded structure (the nine duty domains, a template, a round's copied checklist) must merge into
 * ONE copy when two offline devices create it at once, and edits made on either copy afterwards must
 * survive. Writing it with ordinary `Y.Map.set` fails the second part: both devices create a nested
 * `Y.Map` at the same key, Yjs keeps one and drops the other together with every edit made inside it.
 *
 * So seed content is built in a scratch document whose client id is a hash of the content itself.
 * The same content always yields byte-identical structs (same client id, same clocks); Yjs sees them as
 * one set of structs however many devices apply them, and later edits on any device refer to them.
 * Different content gets a different client id, so it can never be mistaken for the same structs
 * (which would corrupt documents); it merges like any concurrent write instead.
 *
 * Rules for builders: deterministic (no clock, no random ids), no deletions, and no dependence on the
 * target document. A seed set at a key that already holds a value is a concurrent write, not a causal
 * overwrite, so seeds are for keys nobody has written yet (or for set-like markers, see migrations.ts).
 */
const PROBE_CLIENT = 1;

export function seedUpdate(build: (scratch: Y.Doc) => void): Uint8Array {
	const probe = new Y.Doc();
	probe.clientID = PROBE_CLIENT;
	build(probe);
	const clientId = fnv1a32(Y.encodeStateAsUpdate(probe));
	const scratch = new Y.Doc();
	scratch.clientID = clientId;
	build(scratch);
	return Y.encodeStateAsUpdate(scratch);
}

/**
 * Applies seed updates in one transaction with a typed origin. The transaction holds nothing else:
 * Yjs marks a transaction that applies an update as remote, and a remote transaction that also carries
 * the local client's own writes makes Yjs believe another client uses its id and pick a new one.
 */
export function applySeeds(doc: Y.Doc, updates: readonly Uint8Array[], origin: Origin): void {
	doc.transact(() => {
		for (const update of updates) Y.applyUpdate(doc, update);
	}, origin);
}
