import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { isPresenceColor, memberColor } from '../src/lib/sync/presence.ts';
import type { ConnectionContext } from './auth.ts';
import type { Connection } from './connection.ts';
import type { Logger } from './log.ts';

export interface PresenceLimits {
	/** Largest state (its JSON, in bytes) one awareness client id may announce. */
	maxStateBytes: number;
	/** Awareness client ids one socket may introduce (a y-websocket client uses one). */
	maxClientsPerSocket: number;
	/** Awareness client ids in one room, every socket together. */
	maxClientsPerRoom: number;
}

/** Why an awareness entry was dropped; each is logged once per socket. */
type Refusal =
	'client id of another member' | 'too many client ids' | 'room full' | 'state too large' | 'not an object';

/**
 * Relays only the presence a socket may announce. Awareness has no notion of who sent what: any
 * socket could overwrite or delete anyone's presence (same client id, higher clock), pose as
 * anyone, flood every joiner with 100,000 ids or 4 MB states, or put `url(…)` where a colour goes.
 * So each client id belongs to the socket that introduced it, for that socket's lifetime (another
 * socket of the same member may take it over: a phone reconnecting before its old socket is
 * noticed dead); states are bounded in size and number; and the identity in each state (member id,
 * name, role) is the token's, never the sender's word.
 */
export class PresenceGuard {
	readonly #awareness: awarenessProtocol.Awareness;
	readonly #limits: PresenceLimits;
	readonly #log: Logger;
	readonly #room: string;
	readonly #owners = new Map<number, Connection>();
	readonly #owned = new Map<Connection, Set<number>>();
	readonly #logged = new WeakMap<Connection, Set<Refusal>>();

	constructor(awareness: awarenessProtocol.Awareness, room: string, limits: PresenceLimits, log: Logger) {
		this.#awareness = awareness;
		this.#room = room;
		this.#limits = limits;
		this.#log = log;
	}

	/** Applies what `from` may say of an awareness update, dropping the rest. Throws if malformed. */
	apply(from: Connection, payload: Uint8Array): void {
		const decoder = decoding.createDecoder(payload);
		const count = decoding.readVarUint(decoder);
		// A client announces itself; more ids than it may own at once is a flood, not read further.
		if (count > this.#limits.maxClientsPerSocket) return this.#refuse(from, 'too many client ids', count);
		const accepted: { clientId: number; clock: number; state: string }[] = [];
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const json = decoding.readVarString(decoder);
			const state = this.#admit(from, clientId, clock, json);
			if (state !== undefined) accepted.push({ clientId, clock, state });
		}
		if (accepted.length === 0) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, accepted.length);
		for (const { clientId, clock, state } of accepted) {
			encoding.writeVarUint(encoder, clientId);
			encoding.writeVarUint(encoder, clock);
			encoding.writeVarString(encoder, state);
		}
		awarenessProtocol.applyAwarenessUpdate(this.#awareness, encoding.toUint8Array(encoder), from);
	}

	/** The socket left: its presence goes with it. */
	release(connection: Connection): void {
		const ids = this.#owned.get(connection);
		this.#owned.delete(connection);
		if (ids === undefined) return;
		for (const id of ids) this.#owners.delete(id);
		const present = [...ids].filter((id) => this.#awareness.getStates().has(id));
		if (present.length > 0) awarenessProtocol.removeAwarenessStates(this.#awareness, present, null);
	}

	/** The state to apply for `clientId` (JSON), or undefined if `from` may not say it. */
	#admit(from: Connection, clientId: number, clock: number, json: string): string | undefined {
		if (Buffer.byteLength(json) > this.#limits.maxStateBytes)
			return this.#refuse(from, 'state too large', clientId);
		const parsed = JSON.parse(json) as unknown;
		// y-websocket clients echo every awareness change they receive, others' included, with the
		// clock they got it with: what would not change anything is no claim and no offence.
		if (!this.#isNews(clientId, clock, parsed === null)) return undefined;
		const owner = this.#owners.get(clientId);
		if (owner !== undefined && owner !== from && owner.context.memberId !== from.context.memberId) {
			return this.#refuse(from, 'client id of another member', clientId);
		}
		const state = sanitize(parsed, from.context);
		if (state === undefined) return this.#refuse(from, 'not an object', clientId);
		if (owner === undefined) {
			if (state === null) return undefined; // removing what no socket here announced
			const mine = this.#owned.get(from)?.size ?? 0;
			if (mine >= this.#limits.maxClientsPerSocket)
				return this.#refuse(from, 'too many client ids', clientId);
			if (this.#owners.size >= this.#limits.maxClientsPerRoom)
				return this.#refuse(from, 'room full', clientId);
		}
		if (owner !== from) this.#claim(from, clientId, owner);
		return JSON.stringify(state);
	}

	/** Whether `applyAwarenessUpdate` would take this entry (y-protocols' own rule). */
	#isNews(clientId: number, clock: number, removal: boolean): boolean {
		const current = this.#awareness.meta.get(clientId)?.clock ?? 0;
		return current < clock || (current === clock && removal && this.#awareness.getStates().has(clientId));
	}

	#claim(connection: Connection, clientId: number, previous: Connection | undefined): void {
		if (previous !== undefined) this.#owned.get(previous)?.delete(clientId);
		this.#owners.set(clientId, connection);
		let ids = this.#owned.get(connection);
		if (ids === undefined) this.#owned.set(connection, (ids = new Set()));
		ids.add(clientId);
	}

	#refuse(from: Connection, reason: Refusal, clientId: number): undefined {
		let logged = this.#logged.get(from);
		if (logged === undefined) this.#logged.set(from, (logged = new Set()));
		if (!logged.has(reason)) {
			logged.add(reason);
			this.#log.warn('presence refused', {
				room: this.#room,
				memberId: from.context.memberId,
				reason,
				clientId
			});
		}
		return undefined;
	}
}

/**
 * The state as relayed: `user` (our `Presence`, and the field y-prosemirror and other y-websocket
 * clients use for the same) gets the token's identity and a colour that is `#rrggbb`; any other
 * colour-like field of it that is not a hex colour is dropped. `null` (gone) stays; a state that is
 * not an object is refused (undefined).
 */
export function sanitize(
	state: unknown,
	context: ConnectionContext
): Record<string, unknown> | null | undefined {
	if (state === null) return null;
	if (typeof state !== 'object' || Array.isArray(state)) return undefined;
	const { user, ...rest } = state as Record<string, unknown>;
	if (user === undefined) return rest;
	if (user === null || typeof user !== 'object' || Array.isArray(user)) return { ...rest, user: null };
	const fields: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(user)) {
		if (/colou?r/i.test(key) && !(typeof value === 'string' && /^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(value)))
			continue;
		fields[key] = value;
	}
	return {
		...rest,
		user: {
			...fields,
			memberId: context.memberId,
			name: context.memberName,
			role: context.role ?? '',
			color: isPresenceColor(fields.color) ? fields.color : memberColor(context.memberId)
		}
	};
}
