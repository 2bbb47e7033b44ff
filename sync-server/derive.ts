import { parseRoom, roomName, type DocumentName } from '../src/lib/model/documents.ts';
import { applyDerived, deriveRoundStats, type DerivedChanges } from '../src/lib/model/derived.ts';
import { SYSTEM_MEMBER } from './accounts/seed.ts';
import type { Logger } from './log.ts';
import type { Room, RoomHooks } from './room.ts';
import type { Rooms } from './rooms.ts';

export interface DeriverOptions {
	log: Logger;
	/** How long to gather a room's updates before deriving from it once. Default 250 ms. */
	delayMs?: number;
}

interface Due {
	timer: ReturnType<typeof setTimeout>;
	room: Room;
	/** The last stored update's sequence number, 0 when only the summary is due (on load). */
	seq: number;
}

/**
 * Derives what lists need into each workspace's `meta` (see src/lib/model/derived.ts): a round's
 * summary after its updates are stored or when it loads, and every document's version. Runs the
 * model's own code on the room's doc, and writes as `system`. Gathered per room, so a burst of
 * ticks costs one summary.
 */
export class Deriver implements RoomHooks {
	readonly #options: DeriverOptions;
	readonly #due = new Map<string, Due>();
	readonly #running = new Set<Promise<void>>();
	#rooms: Rooms | null = null;

	constructor(options: DeriverOptions) {
		this.#options = options;
	}

	/** The rooms to write `meta` through; set once, after they are made with this as their hook. */
	attach(rooms: Rooms): void {
		this.#rooms = rooms;
	}

	onLoad(room: Room): void {
		if (parseRoom(room.name)?.kind === 'inspection') this.#schedule(room, 0);
	}

	afterStore(room: Room, seq: number): void {
		// `meta` is what we write; deriving from it would feed on itself. Devices keep it open anyway.
		if (parseRoom(room.name)?.kind !== 'meta') this.#schedule(room, seq);
	}

	/** Derives everything still due now (on shutdown) and waits for it. */
	async flush(): Promise<void> {
		for (const name of [...this.#due.keys()]) this.#run(name);
		await Promise.all(this.#running);
	}

	#schedule(room: Room, seq: number): void {
		const due = this.#due.get(room.name);
		if (due) {
			due.seq = Math.max(due.seq, seq);
			due.room = room;
			return;
		}
		const timer = setTimeout(() => this.#run(room.name), this.#options.delayMs ?? 250);
		this.#due.set(room.name, { timer, room, seq });
	}

	#run(name: string): void {
		const due = this.#due.get(name);
		if (!due) return;
		clearTimeout(due.timer);
		this.#due.delete(name);
		const running = this.#derive(due).catch((error: unknown) =>
			this.#options.log.error('deriving failed', { room: name, error })
		);
		this.#running.add(running);
		void running.finally(() => this.#running.delete(running));
	}

	async #derive({ room, seq }: Due): Promise<void> {
		const parsed = parseRoom(room.name);
		if (parsed === null || this.#rooms === null) return;
		const changes: DerivedChanges = {};
		if (seq > 0)
			changes.versions = [[parsed.document, seq] as const satisfies readonly [DocumentName, number]];
		// A room evicted meanwhile is reloaded from storage by its next socket, which derives again.
		if (parsed.kind === 'inspection' && !room.destroyed) {
			const stats = deriveRoundStats(room.doc);
			if (stats !== null) changes.round = { id: parsed.document.slice('inspection/'.length), stats };
		}
		if (changes.versions === undefined && changes.round === undefined) return;
		await this.#rooms.change(
			roomName(parsed.workspace, 'meta'),
			(meta) => applyDerived(meta, changes),
			SYSTEM_MEMBER
		);
	}
}
