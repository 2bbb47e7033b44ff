import * as Y from 'yjs';

/** Who first stored a Yjs client's changes in a room, and up to which clock (exclusive). */
export interface ClientOwner {
	memberId: string;
	clock: number;
}

/** A part of an update with its author, and the end clock of each Yjs client in it. */
export interface AuthoredPart {
	update: Uint8Array;
	memberId: string;
	clients: Map<number, number>;
}

/** Looks up the owners of some Yjs client ids of a room; unknown ones are absent. */
export type OwnerLookup = (clients: number[]) => ReadonlyMap<number, ClientOwner>;

/**
 * Splits an update about to be stored into one part per author. Normally every change a socket
 * sends is its own, or one the server already has (which Yjs drops before this point). The
 * exception is a change the server lost, by a restore from a backup: a device that had received
 * it re-sends it in its next sync step 2, and it must still be recorded as its author's.
 *
 * So a Yjs client whose changes were first stored from member X, re-sent by someone else, is
 * attributed to X, but only up to the clock X was recorded to have written: a member cannot
 * write new changes under someone else's client id and have them recorded as that person's.
 * Deletions carry no author in Yjs (a delete set names what was deleted, not by whom); every part
 * repeats the update's delete set, which is idempotent, and it counts as the sender's.
 */
export function attribute(update: Uint8Array, sender: string, owners: OwnerLookup): AuthoredPart[] {
	const { to } = Y.parseUpdateMeta(update);
	const known = to.size === 0 ? new Map<number, ClientOwner>() : owners([...to.keys()]);
	const byAuthor = new Map<string, Map<number, number>>();
	for (const [client, end] of to) {
		const owner = known.get(client);
		const author = owner !== undefined && end <= owner.clock ? owner.memberId : sender;
		const clients = byAuthor.get(author) ?? new Map<number, number>();
		clients.set(client, end);
		byAuthor.set(author, clients);
	}
	if (byAuthor.size <= 1) {
		const [memberId, clients] = [...byAuthor][0] ?? [sender, new Map<number, number>()];
		return [{ update, memberId, clients }];
	}
	return [...byAuthor].map(([memberId, clients]) => {
		// Everything of the other clients is "already known", so only this author's structs remain.
		const others = new Map([...to].filter(([client]) => !clients.has(client)));
		const part = Y.diffUpdate(update, Y.encodeStateVector(others));
		return { update: part, memberId, clients };
	});
}
