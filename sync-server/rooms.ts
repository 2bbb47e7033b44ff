import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Connection } from './connection.ts';
import type { Logger } from './log.ts';
import type { PresenceLimits } from './presence-guard.ts';
import { Room, type RoomHooks } from './room.ts';
import type { SyncStorage } from './storage/types.ts';

export interface RoomsOptions {
	storage: SyncStorage;
	log: Logger;
	compactAfter: number;
	maxPendingBytes: number;
	unloadDelayMs: number;
	presence: PresenceLimits;
	hooks?: RoomHooks;
}

interface Entry {
	room: Room;
	/** Resolves once the stored state is in the doc; shared by every socket that arrives meanwhile. */
	loaded: Promise<void>;
	unloadTimer?: ReturnType<typeof setTimeout>;
}

/** The rooms in memory: loads each once, hands it to its sockets, unloads it when they are gone. */
export class Rooms {
	readonly #entries = new Map<string, Entry>();
	readonly #options: RoomsOptions;

	constructor(options: RoomsOptions) {
		this.#options = options;
	}

	get size(): number {
		return this.#entries.size;
	}

	/** Counts `connection` in its room at once (so the room stays), and starts it once loaded. */
	async join(connection: Connection): Promise<void> {
		const entry = this.#entry(connection.roomName);
		clearTimeout(entry.unloadTimer);
		entry.room.add(connection);
		try {
			await entry.loaded;
		} catch {
			return; // the room was evicted and its sockets closed: clients reconnect
		}
		// Between load and here the room may have been evicted, closing this socket with it.
		if (!entry.room.destroyed) connection.start(entry.room);
	}

	/**
	 * Applies a change of the server's own to the room `name`, loading it first if it is not in
	 * memory (and unloading it again later if nobody has it open). Resolves whether it changed.
	 */
	async change(name: string, change: (doc: Room['doc']) => void, memberId: string): Promise<boolean> {
		const entry = this.#entry(name);
		await entry.loaded;
		if (entry.room.destroyed) return false;
		const changed = entry.room.applyLocal(change, memberId);
		if (entry.room.connectionCount === 0 && !entry.room.destroyed) this.#scheduleUnload(entry);
		return changed;
	}

	/** The room `name` if it is in memory and loaded, without loading it. */
	peek(name: string): Room | null {
		const room = this.#entries.get(name)?.room;
		return room?.loaded ? room : null;
	}

	leave(connection: Connection): void {
		const entry = this.#entries.get(connection.roomName);
		if (entry === undefined || entry.room.destroyed) return;
		if (entry.room.remove(connection) > 0) return;
		this.#scheduleUnload(entry);
	}

	#scheduleUnload(entry: Entry): void {
		clearTimeout(entry.unloadTimer);
		entry.unloadTimer = setTimeout(() => this.#unload(entry), this.#options.unloadDelayMs);
	}

	/**
	 * Drops every room of `workspace` from memory and closes its sockets with `code`, so the next
	 * connection loads it from storage again (after a restore replaced what is stored).
	 */
	evictWorkspace(workspace: string, code: CloseCode, reason: string): void {
		const prefix = `${workspace}/`;
		for (const entry of [...this.#entries.values()]) {
			if (entry.room.name.startsWith(prefix)) entry.room.evict(code, reason);
		}
	}

	/** Drops every room (shutdown). Everything is already stored: storage commits synchronously. */
	clear(): void {
		for (const entry of this.#entries.values()) {
			clearTimeout(entry.unloadTimer);
			entry.room.destroy();
		}
		this.#entries.clear();
	}

	#entry(name: string): Entry {
		const existing = this.#entries.get(name);
		if (existing) return existing;
		const { storage, log, compactAfter, maxPendingBytes, presence, hooks } = this.#options;
		const onEvict = (evicted: Room) => this.#forget(evicted);
		const room = new Room(name, { storage, log, compactAfter, maxPendingBytes, presence, onEvict, hooks });
		// Loading is synchronous with SQLite, but kept behind a promise that every socket awaits, so
		// an async store needs no change here and no socket is ever served before the load.
		const loaded = Promise.resolve().then(() => {
			try {
				room.load();
			} catch (error) {
				room.evict(CloseCode.internalError, 'load failed', error);
				throw error;
			}
		});
		// Handled by each awaiting join; this stops an unhandled rejection when nobody is left.
		loaded.catch(() => {});
		const entry: Entry = { room, loaded };
		this.#entries.set(name, entry);
		return entry;
	}

	#unload(entry: Entry): void {
		if (entry.room.connectionCount > 0) return;
		this.#forget(entry.room);
		entry.room.destroy();
	}

	#forget(room: Room): void {
		const entry = this.#entries.get(room.name);
		if (entry?.room !== room) return;
		clearTimeout(entry.unloadTimer);
		this.#entries.delete(room.name);
	}
}
