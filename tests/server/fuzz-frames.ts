import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType } from '../../src/lib/sync/wire.ts';

/** mulberry32: small, fast and good enough to pick fuzz cases reproducibly from a seed. */
export function prng(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (below: number) => Math.floor(next() * below);
	return {
		int,
		chance: (p: number) => next() < p,
		bytes: (length: number) => Uint8Array.from({ length }, () => int(256))
	};
}
export type Rng = ReturnType<typeof prng>;

export function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

const withType = (type: number, write: (e: encoding.Encoder) => void) =>
	frame((e) => {
		encoding.writeVarUint(e, type);
		write(e);
	});
const syncFrame = (step: number, payload: Uint8Array) =>
	withType(MessageType.sync, (e) => {
		encoding.writeVarUint(e, step);
		encoding.writeVarUint8Array(e, payload);
	});
const awarenessFrame = (payload: Uint8Array) =>
	withType(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, payload));
export const storedRequest = (token: number) =>
	withType(MessageType.stored, (e) => encoding.writeVarUint(e, token));

function awarenessPayload(rng: Rng): Uint8Array {
	return frame((e) => {
		const count = 1 + rng.int(3);
		encoding.writeVarUint(e, count);
		for (let i = 0; i < count; i++) {
			encoding.writeVarUint(e, 1 + rng.int(2 ** 30));
			encoding.writeVarUint(e, rng.int(1000));
			const state = rng.chance(0.2) ? null : { name: `fz${rng.int(100)}`, cursor: rng.int(1e6) };
			encoding.writeVarString(e, JSON.stringify(state));
		}
	});
}

function stateVector(rng: Rng): Uint8Array {
	return frame((e) => {
		const count = rng.int(4);
		encoding.writeVarUint(e, count);
		for (let i = 0; i < count; i++) {
			encoding.writeVarUint(e, rng.int(2 ** 32));
			encoding.writeVarUint(e, rng.int(1000));
		}
	});
}

/** Damages bytes the way a broken client or a hostile one might. */
export function mutate(rng: Rng, bytes: Uint8Array): Uint8Array {
	const out = [...bytes];
	const at = () => rng.int(out.length + 1);
	switch (rng.int(5)) {
		case 0:
			for (let i = 1 + rng.int(4); i > 0 && out.length > 0; i--) out[rng.int(out.length)] = rng.int(256);
			break;
		case 1:
			out.length = rng.int(out.length);
			break;
		case 2:
			out.splice(at(), 0, ...rng.bytes(1 + rng.int(4)));
			break;
		case 3:
			if (out.length > 0) out[rng.int(out.length)] = 0xff;
			break;
		default: {
			const from = at();
			out.splice(at(), 0, ...out.slice(from, from + 1 + rng.int(8)));
		}
	}
	return Uint8Array.from(out);
}

/**
 * One fuzzing client's source of frames. Its own Y.Doc makes real edits, so "valid" updates are
 * genuine (and, once earlier ones are lost with a closed socket, updates with missing dependencies).
 */
export class FrameSource {
	readonly #rng: Rng;
	readonly #doc = new Y.Doc();
	readonly #map: string;
	#last: Uint8Array = new Uint8Array([0, 0]);

	/** @param map the root map this source writes: `forbidden` for sockets that may not write. */
	constructor(rng: Rng, map: string) {
		this.#rng = rng;
		this.#map = map;
		this.#doc.on('update', (update: Uint8Array) => (this.#last = update));
	}

	/** A valid update from a fresh edit. */
	update(): Uint8Array {
		const rng = this.#rng;
		const text = this.#doc.getText('t');
		// Mostly overwrites: every step 1 makes the server encode the whole document, so a document
		// that only grows makes the run quadratic.
		this.#doc.transact(() => {
			const roll = rng.int(10);
			if (roll < 5) this.#doc.getMap(this.#map).set(`k${rng.int(50)}`, rng.int(1e6));
			else if (roll < 7) text.insert(rng.int(text.length + 1), `x${rng.int(100)}`);
			else if (roll < 9 && text.length > 0) text.delete(rng.int(text.length), Math.min(text.length, 3));
			else this.#doc.getArray('a').push([{ n: rng.int(100), s: 'y'.repeat(rng.int(20)) }]);
		});
		return this.#last;
	}

	/**
	 * A valid update from a throwaway doc, to be damaged: damaging this source's own updates would
	 * leave every later one waiting forever for the lost one, which only measures Yjs's pending-merge
	 * cost (quadratic) instead of fuzzing.
	 */
	throwaway(): Uint8Array {
		const doc = new Y.Doc();
		const text = doc.getText('t');
		text.insert(0, `z${this.#rng.int(1000)}`);
		if (this.#rng.chance(0.5)) doc.getMap(this.#map).set(`z${this.#rng.int(50)}`, { deep: [1, 'two', null] });
		if (this.#rng.chance(0.3)) text.delete(0, 1);
		const update = Y.encodeStateAsUpdate(doc);
		doc.destroy();
		return update;
	}

	/** A well-formed frame: an update, a sync step, presence, a presence query or an ack request. */
	benign(): Uint8Array {
		const rng = this.#rng;
		const roll = rng.int(100);
		// Updates are stored, broadcast and applied by every client, and a sync step 1 is answered
		// with the whole document: the cheap kinds carry most of the hostile ones.
		if (roll < 25) return syncFrame(rng.chance(0.8) ? 2 : 1, this.update());
		if (roll < 27) return syncFrame(0, rng.chance(0.8) ? Y.encodeStateVector(this.#doc) : stateVector(rng));
		if (roll < 52) return awarenessFrame(awarenessPayload(rng));
		if (roll < 65) return new Uint8Array([MessageType.queryAwareness]);
		return storedRequest(rng.int(2 ** 20));
	}

	/** Something a server must survive: most of these close the socket. */
	hostile(): Uint8Array | string {
		const rng = this.#rng;
		switch (rng.int(8)) {
			case 0:
				return rng.bytes(rng.int(40));
			case 1: // a varint that never ends, at some position
				return Uint8Array.from([
					...rng.bytes(rng.int(3)).map((b) => b & 3),
					...rng.bytes(1 + rng.int(5)).map((b) => b | 0x80)
				]);
			case 2: // a length far beyond the frame
				return frame((e) => {
					encoding.writeVarUint(e, rng.chance(0.5) ? MessageType.sync : MessageType.awareness);
					if (rng.chance(0.7)) encoding.writeVarUint(e, rng.int(3));
					encoding.writeVarUint(e, 2 ** 31 + rng.int(2 ** 20));
					encoding.writeUint8Array(e, rng.bytes(rng.int(16)));
				});
			case 3: // an unknown message type, or an unknown sync step
				return rng.chance(0.5)
					? frame((e) => {
							encoding.writeVarUint(e, rng.chance(0.5) ? 4 + rng.int(96) : 101 + rng.int(1e6));
							encoding.writeUint8Array(e, rng.bytes(rng.int(16)));
						})
					: syncFrame(3 + rng.int(100), rng.bytes(rng.int(16)));
			case 4:
				return rng.chance(0.5)
					? syncFrame(rng.chance(0.8) ? 2 : 1, mutate(rng, this.throwaway()))
					: mutate(rng, syncFrame(2, this.throwaway()));
			case 5:
				return rng.chance(0.5)
					? awarenessFrame(mutate(rng, awarenessPayload(rng)))
					: mutate(rng, awarenessFrame(awarenessPayload(rng)));
			case 6:
				return mutate(rng, syncFrame(0, Y.encodeStateVector(this.#doc)));
			default:
				return rng.chance(0.5) ? 'text frame' : mutate(rng, storedRequest(rng.int(2 ** 20)));
		}
	}

	destroy(): void {
		this.#doc.destroy();
	}
}

/**
 * Presence abuse (issue 7, finding 4), kept apart from `FrameSource`: awareness frames that spoof
 * or remove `victims`' client ids, carry huge states or many ids, or put CSS where a colour goes.
 * All well-formed, so the socket stays open and the next frame is tried too.
 */
export function presenceAbuse(rng: Rng, victims: number[]): Uint8Array {
	const victim = () => victims[rng.int(victims.length)] ?? 1;
	const user = (extra: Record<string, unknown> = {}) => ({
		user: { memberId: 'spoof', name: '周尹尹', role: 'office', color: '#000000', focus: null, ...extra }
	});
	const entries = (list: [number, number, unknown][]) =>
		awarenessFrame(
			frame((e) => {
				encoding.writeVarUint(e, list.length);
				for (const [id, clock, state] of list) {
					encoding.writeVarUint(e, id);
					encoding.writeVarUint(e, clock);
					encoding.writeVarString(e, JSON.stringify(state));
				}
			})
		);
	switch (rng.int(5)) {
		case 0: // a victim's id with a higher clock: overwrite, or delete
			return entries([[victim(), 1e6 + rng.int(1e6), rng.chance(0.5) ? null : user()]]);
		case 1: // a huge state
			return entries([
				[1 + rng.int(2 ** 30), 1 + rng.int(100), user({ focus: 'x'.repeat(3_000 + rng.int(200_000)) })]
			]);
		case 2: // many ids in one frame
			return entries(
				Array.from({ length: 5 + rng.int(2_000) }, (_, i) => [1 + i, 1, user()] as [number, number, unknown])
			);
		case 3: // one new id after another, beyond what a socket may own
			return entries([[1 + rng.int(2 ** 30), 1 + rng.int(100), user()]]);
		default: // colours that are CSS, not colours
			return entries([
				[
					1 + rng.int(2 ** 30),
					1 + rng.int(100),
					user({
						color: rng.chance(0.5) ? 'url(http://evil.example/beacon.png)' : 'red;x:y',
						colorLight: 'url(x)'
					})
				]
			]);
	}
}
