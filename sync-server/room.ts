import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Violation } from '../src/lib/model/rules/violation.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import { attribute, type AuthoredPart } from './authorship.ts';
import type { Connection } from './connection.ts';
import type { Logger } from './log.ts';
import {
	pendingBytes,
	pendingChangedSince,
	restorePending,
	savePending,
	type PendingState
} from './pending.ts';
import { PresenceGuard, type PresenceLimits } from './presence-guard.ts';
import * as protocol from './protocol.ts';
import type { SyncStorage } from './storage/types.ts';
import { SyncAnswers } from './sync-answer.ts';

export interface RoomOptions {
	storage: SyncStorage;
	log: Logger;
	/** Write a snapshot once more than this many updates follow the last one. */
	compactAfter: number;
	/** Largest amount of data (bytes) waiting for missing dependencies; see `SyncServerOptions`. */
	maxPendingBytes: number;
	/** What presence a socket may announce; see `PresenceGuard`. */
	presence: PresenceLimits;
	/** Called once when the room drops out of memory early (storage failure, broken document). */
	onEvict: (room: Room) => void;
	/** Hooks run after the room's own work is done; see `RoomHooks`. */
	hooks?: RoomHooks;
}

/** Why a hook refused an update: the sender's socket is closed with `code` and `reason`. */
export interface Refusal {
	code: CloseCode;
	/** Short (≤ 123 bytes), for the close frame and the log. */
	reason: string;
	/** Logged with the refusal. */
	detail?: Record<string, unknown>;
	/**
	 * The rule inside the document the update broke (src/lib/model/rules), when it broke one: the
	 * attempt is recorded for the office (violations.ts). Refusals of honest situations (a round
	 * signed off while a device was offline, a full disk) carry none.
	 */
	violation?: Violation;
	/**
	 * Drop the update as one from a member who may not write, instead of closing the socket: the
	 * socket stays, reading and presence go on, and its next stored-ack says `refused`. For a
	 * member who writes part of a document and sent more (plan-comments.ts). Default: close.
	 */
	drop?: boolean;
}

/** Where behaviour is added to rooms without growing them (the way Hocuspocus names its hooks). */
export interface RoomHooks {
	/** After the room's stored state is in its doc, before any socket is served. */
	onLoad?(room: Room): void;
	/**
	 * Before an update from a socket touches the doc. A refusal drops the update whole (a Yjs
	 * update cannot be taken in part without diverging): it is neither applied, stored nor
	 * relayed, and the sender's socket is closed with the refusal's code. The first refusal wins.
	 */
	beforeApply?(room: Room, update: Uint8Array, from: Connection): Refusal | null;
	/**
	 * Judges what an update changes: called with each transaction of the update applied to a shadow
	 * document (ShapeGuard's, validate.ts), in `afterTransaction`, so deleted content is still
	 * readable and `transaction.changed` names exactly what the update touched. A refusal drops the
	 * update whole, as `beforeApply`'s does. This is where rules inside documents live
	 * (document-rules.ts), outside the room and the protocol.
	 */
	onChange?(room: Room, transaction: Y.Transaction, from: Connection): Refusal | null;
	/** After a hook refused an update from `from` (its socket is being closed). */
	onRefused?(room: Room, refusal: Refusal, from: Connection): void;
	/** After updates were committed (and before they are broadcast); `seq` is the last one's. */
	afterStore?(room: Room, seq: number, bytes: number): void;
	/** After the room's stored updates were replaced by one snapshot. */
	afterCompact?(room: Room): void;
}

/**
 * One document in memory: its Y.Doc, its awareness and its sockets. Every update from a socket
 * goes through `applyUpdate`, which stores it before anyone else sees it.
 */
export class Room {
	readonly doc = new Y.Doc();
	readonly awareness = new awarenessProtocol.Awareness(this.doc);
	readonly answers = new SyncAnswers(this.doc);
	readonly presence: PresenceGuard;
	readonly #connections = new Set<Connection>();
	readonly #options: RoomOptions;
	/** Set only while `applyUpdate` runs: collects what the doc emitted so it can be stored first. */
	#captured: Uint8Array[] | null = null;
	#sinceSnapshot = 0;
	#loaded = false;
	#destroyed = false;

	constructor(
		readonly name: string,
		options: RoomOptions
	) {
		this.#options = options;
		this.presence = new PresenceGuard(this.awareness, name, options.presence, options.log);
		// The server is not a participant: it relays others' presence and has none of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#onAwareness);
		this.doc.on('update', (update: Uint8Array) => this.#captured?.push(update));
	}

	get destroyed(): boolean {
		return this.#destroyed;
	}

	/** The stored state is in the doc. */
	get loaded(): boolean {
		return this.#loaded && !this.#destroyed;
	}

	get connectionCount(): number {
		return this.#connections.size;
	}

	/** Fills the doc from storage. Synchronous, like the storage; throws if a stored update is bad. */
	load(): void {
		const { storage } = this.#options;
		const updates = storage.load(this.name);
		this.doc.transact(() => {
			for (const update of updates) Y.applyUpdate(this.doc, update);
		});
		this.#sinceSnapshot = storage.countSinceSnapshot(this.name);
		this.#loaded = true;
		this.#runHook('onLoad', () => this.#options.hooks?.onLoad?.(this));
	}

	add(connection: Connection): void {
		this.#connections.add(connection);
	}

	/** Forgets the socket and the presence it announced; returns how many sockets remain. */
	remove(connection: Connection): number {
		if (this.#connections.delete(connection) && !this.#destroyed) this.presence.release(connection);
		return this.#connections.size;
	}

	/** What a socket sees on arrival, after the document is loaded. */
	greet(connection: Connection): void {
		connection.send(protocol.syncStep1(this.doc));
		const clients = [...this.awareness.getStates().keys()];
		if (clients.length > 0) connection.send(protocol.awarenessUpdate(this.awareness, clients));
	}

	/**
	 * Applies, stores, then broadcasts one update from `from`. Throws if Yjs rejects the bytes; if
	 * that happens after part of it reached the doc, the room is evicted so the half-applied state
	 * is neither stored nor served (the next load comes from storage).
	 */
	applyUpdate(update: Uint8Array, from: Connection): void {
		if (!this.#allowed(update, from)) return;
		const { store } = this.doc;
		const before = savePending(store);
		const captured: Uint8Array[] = [];
		this.#captured = captured;
		try {
			Y.applyUpdate(this.doc, update, from);
		} catch (error) {
			if (captured.length > 0) {
				from.close(CloseCode.malformed, 'bad update');
				this.evict(CloseCode.internalError, 'document reset', error);
			} else {
				// Only the parts waiting for dependencies changed: put them back.
				restorePending(store, before);
			}
			throw error;
		} finally {
			this.#captured = null;
		}
		const pending = pendingBytes(store);
		if (pending > before.bytes && pending > this.#options.maxPendingBytes) {
			return this.#refusePending(from, before, captured, pending);
		}
		// Parts waiting for missing dependencies emit nothing yet; store the whole update too, so
		// what was acknowledged survives a restart (replaying it later is idempotent).
		const toStore = pendingChangedSince(before, store) ? [...captured, update] : captured;
		if (toStore.length === 0) return;
		if (!this.#store(toStore, from.context.memberId)) return;
		for (const stored of captured) this.#broadcast(protocol.syncUpdate(stored), from);
		this.#maybeCompact();
	}

	/**
	 * Makes a change on the server's own behalf (e.g. a derived summary): applies it, stores it as
	 * `memberId`, then broadcasts it to every socket. Returns false if nothing changed or it could
	 * not be stored (the room is then evicted and reloads from storage, as for a client's update).
	 */
	applyLocal(change: (doc: Y.Doc) => void, memberId: string): boolean {
		if (this.#destroyed) return false;
		const captured: Uint8Array[] = [];
		this.#captured = captured;
		try {
			change(this.doc);
		} finally {
			this.#captured = null;
		}
		if (captured.length === 0) return false;
		if (!this.#store(captured, memberId)) return false;
		for (const stored of captured) this.#broadcast(protocol.syncUpdate(stored));
		this.#maybeCompact();
		return true;
	}

	/** Drops the room from memory at once: closes its sockets with `code` and forgets its state. */
	evict(code: CloseCode, reason: string, error?: unknown): void {
		if (this.#destroyed) return;
		// Without an error it is deliberate (a restore), not a failure.
		if (error === undefined) this.#options.log.info('room evicted', { room: this.name, reason });
		else this.#options.log.error('room evicted', { room: this.name, reason, error });
		const connections = [...this.#connections];
		this.destroy();
		for (const connection of connections) connection.close(code, reason);
		this.#options.onEvict(this);
	}

	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.#connections.clear();
		this.awareness.off('update', this.#onAwareness);
		this.awareness.destroy();
		this.doc.destroy();
	}

	/**
	 * Refuses an update that would pile up data waiting for dependencies beyond the limit: each
	 * later update re-processes it, so unbounded it makes every update slower (a denial of service
	 * open to any writer). What did integrate stays (stored and broadcast as usual); the rest is
	 * dropped and the socket closed, so a real client reconnects and resends it in order.
	 */
	#refusePending(from: Connection, before: PendingState, captured: Uint8Array[], pending: number): void {
		restorePending(this.doc.store, before);
		this.#options.log.warn('update refused: too much waiting for missing dependencies', {
			room: this.name,
			memberId: from.context.memberId,
			pendingBytes: pending,
			maxPendingBytes: this.#options.maxPendingBytes
		});
		if (captured.length > 0 && this.#store(captured, from.context.memberId)) {
			for (const stored of captured) this.#broadcast(protocol.syncUpdate(stored), from);
			this.#maybeCompact();
		}
		from.close(CloseCode.malformed, 'too many updates with missing dependencies');
	}

	/** Asks `beforeApply`; a failing check refuses (fail closed) with 1011, which clients retry. */
	#allowed(update: Uint8Array, from: Connection): boolean {
		let refusal: Refusal | null;
		try {
			refusal = this.#options.hooks?.beforeApply?.(this, update, from) ?? null;
		} catch (error) {
			this.#options.log.error('room hook failed', { room: this.name, hook: 'beforeApply', error });
			refusal = { code: CloseCode.internalError, reason: 'check failed' };
		}
		if (refusal === null) return true;
		const { memberId, memberName } = from.context;
		this.#options.log.warn('update refused', {
			room: this.name,
			memberId,
			memberName,
			code: refusal.code,
			reason: refusal.reason,
			bytes: update.byteLength,
			...refusal.detail,
			...(refusal.violation && { rule: refusal.violation.rule, violation: refusal.violation.detail })
		});
		this.#runHook('onRefused', () => this.#options.hooks?.onRefused?.(this, refusal, from));
		if (refusal.drop) from.refuse();
		else from.close(refusal.code, refusal.reason);
		return false;
	}

	#store(updates: Uint8Array[], memberId: string): boolean {
		const at = Date.now();
		let seq = 0;
		let stored = 0;
		try {
			for (const part of updates.flatMap((update) => this.#authored(update, memberId))) {
				seq = this.#options.storage.append(this.name, part.update, { ...part, at });
				stored += 1;
			}
		} catch (error) {
			// Not stored, so neither broadcast nor acknowledged: the sender still has the change and
			// resends it in its next sync step 2, against state reloaded from storage.
			this.evict(CloseCode.internalError, 'storage failure', error);
			return false;
		}
		this.#sinceSnapshot += stored;
		const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
		this.#runHook('afterStore', () => this.#options.hooks?.afterStore?.(this, seq, bytes));
		return true;
	}

	/** `update` split by author (see authorship.ts), when the storage keeps owners of Yjs clients. */
	#authored(update: Uint8Array, sender: string): AuthoredPart[] {
		const { storage } = this.#options;
		if (storage.owners === undefined) return [{ update, memberId: sender, clients: new Map() }];
		return attribute(update, sender, (clients) => storage.owners?.(this.name, clients) ?? new Map());
	}

	/** A failing hook is logged and never breaks the room's own work (the update is stored). */
	#runHook(name: string, run: () => void): void {
		try {
			run();
		} catch (error) {
			this.#options.log.error('room hook failed', { room: this.name, hook: name, error });
		}
	}

	#maybeCompact(): void {
		if (this.#sinceSnapshot > this.#options.compactAfter) this.compact();
	}

	/** Replaces the stored updates by one snapshot now (e.g. to make room under a size cap). */
	compact(): void {
		if (this.#destroyed || this.#sinceSnapshot === 0) return;
		try {
			this.#options.storage.compact(this.name, Y.encodeStateAsUpdate(this.doc));
			this.#sinceSnapshot = 0;
		} catch (error) {
			// The updates are still stored; compaction is retried after the next update.
			this.#options.log.error('compaction failed', { room: this.name, error });
			return;
		}
		this.#runHook('afterCompact', () => this.#options.hooks?.afterCompact?.(this));
	}

	#broadcast(message: Uint8Array, except?: Connection): void {
		for (const connection of this.#connections) {
			if (connection !== except) connection.send(message);
		}
	}

	#onAwareness = ({
		added,
		updated,
		removed
	}: {
		added: number[];
		updated: number[];
		removed: number[];
	}): void => {
		// Relayed to every socket, the sender's included, exactly as the reference server does.
		this.#broadcast(protocol.awarenessUpdate(this.awareness, [...added, ...updated, ...removed]));
	};
}
