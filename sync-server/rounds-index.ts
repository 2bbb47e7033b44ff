import * as Y from 'yjs';
import { parseRoom, roomName } from '../src/lib/model/documents.ts';
import { getRoundSummary } from '../src/lib/model/meta.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';
import type { Rooms } from './rooms.ts';
import type { SyncStorage } from './storage/types.ts';

/**
 * A round's document exists only once the workspace index (`meta`'s `rounds`) lists it: writes to
 * `inspection/<id>` are refused until then, so nobody can fill storage with rounds no screen shows
 * and nobody can delete.
 *
 * A round made offline must still sync when its device comes back, whichever of its sockets
 * connects first. The refusal therefore closes with `roundNotIndexed` (4503), which y-websocket
 * retries (after 200 ms, since the socket had synced): the client resends its whole state on the
 * next connection, by which time its `meta` socket has usually delivered the index entry. The
 * check runs at every update, so nothing is held in memory for rooms that may never be listed.
 * Updates that bring no new content (an empty sync step, deletions) pass: they cannot grow a room.
 */
export class RoundsIndex implements RoomHooks {
	/** Round ids known to be listed, per workspace. A round is never removed from the index. */
	readonly #listed = new Map<string, Set<string>>();
	readonly #rooms: () => Rooms | null;
	readonly #storage: SyncStorage;

	constructor(options: { storage: SyncStorage; rooms: () => Rooms | null }) {
		this.#storage = options.storage;
		this.#rooms = options.rooms;
	}

	beforeApply(room: Room, update: Uint8Array): Refusal | null {
		const parsed = parseRoom(room.name);
		if (parsed?.kind !== 'inspection') return null;
		const id = parsed.document.slice('inspection/'.length);
		if (this.#isListed(parsed.workspace, id) || !bringsContent(room.doc, update)) return null;
		return { code: CloseCode.roundNotIndexed, reason: 'round not in the workspace index yet' };
	}

	/** Forgets what it knows of `workspace` (after a restore or a dropped room). */
	forget(workspace: string): void {
		this.#listed.delete(workspace);
	}

	#isListed(workspace: string, id: string): boolean {
		const known = this.#listed.get(workspace) ?? new Set<string>();
		this.#listed.set(workspace, known);
		if (known.has(id)) return true;
		const name = roomName(workspace, 'meta');
		const loaded = this.#rooms()?.peek(name);
		let meta = loaded?.doc;
		if (meta === undefined) {
			// Rarely needed: devices keep `meta` open, so it is almost always in memory.
			meta = new Y.Doc();
			for (const stored of this.#storage.load(name)) Y.applyUpdate(meta, stored);
		}
		const listed = getRoundSummary(meta, id) !== null;
		if (loaded === null || loaded === undefined) meta.destroy();
		if (listed) known.add(id);
		return listed;
	}
}

/** Whether `update` holds structs `doc` does not have yet (anything but deletions). */
function bringsContent(doc: Y.Doc, update: Uint8Array): boolean {
	let to: Map<number, number>;
	try {
		to = Y.parseUpdateMeta(update).to;
	} catch {
		return false; // bytes Yjs cannot read: the room's own apply refuses them
	}
	for (const [client, clock] of to) if (clock > Y.getState(doc.store, client)) return true;
	return false;
}
