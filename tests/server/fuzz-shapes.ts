import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { DocumentKind } from '../../src/lib/model/documents.ts';
import { initRound } from '../../src/lib/model/inspection.ts';
import { registerHazard } from '../../src/lib/model/ledger.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { MessageType } from '../../src/lib/sync/wire.ts';
import { frame, type Rng } from './fuzz-frames.ts';

/** A sync step 2 carrying `update`, as a client sends its state. */
const syncUpdateFrame = (update: Uint8Array) =>
	frame((e) => {
		encoding.writeVarUint(e, MessageType.sync);
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint8Array(e, update);
	});

/**
 * Valid-looking updates of the wrong shape (kept apart from fuzz-frames.ts so other additions to
 * the fuzz merge cleanly). Each source holds a valid seed of its document (a round, a hazard),
 * sent as it is, and makes every poisoned edit on a fresh copy of that seed, so each poison
 * depends on the seed only: the server must refuse it whole and keep serving everyone else.
 */
export class ShapeSource {
	readonly #rng: Rng;
	readonly #kind: DocumentKind;
	readonly #seed: Uint8Array;
	readonly #ids: string[];

	constructor(rng: Rng, kind: DocumentKind) {
		this.#rng = rng;
		this.#kind = kind;
		const doc = new Y.Doc();
		const actor = { id: 'fuzzer', name: '模糊' };
		if (kind === 'inspection') {
			initRound(doc, {
				id: 'fz-round',
				title: '模糊',
				month: '2026-11',
				template: SEED_TEMPLATE,
				actor,
				now: 1
			});
		} else if (kind === 'ledger') {
			const member = { ...actor, role: 'inspector' as const, deptIds: [] };
			registerHazard(doc, { place: '操场', description: '模糊', id: `fz-${rng.int(1e9)}` }, member, 'Z', 1);
		}
		this.#seed = Y.encodeStateAsUpdate(doc);
		this.#ids = [...doc.getMap(kind === 'ledger' ? 'hazards' : 'items').keys()];
		doc.destroy();
	}

	/** The seed itself: valid, taken (once) by the server. */
	seed(): Uint8Array {
		return syncUpdateFrame(this.#seed);
	}

	/** An update that breaks the document's shape. */
	poisoned(): Uint8Array {
		const rng = this.#rng;
		const doc = new Y.Doc();
		Y.applyUpdate(doc, this.#seed);
		const before = Y.encodeStateVector(doc);
		const id = this.#ids[rng.int(this.#ids.length)] ?? 'x';
		const junk = [42, 'junk', null, { toString: 1 }, [1, 2]][rng.int(5)];
		const records = doc.getMap<unknown>(
			this.#kind === 'ledger' ? 'hazards' : this.#kind === 'drills' ? 'drills' : 'items'
		);
		const record = records.get(id);
		switch (rng.int(4)) {
			case 0: // a record's container replaced, or removed
				if (record instanceof Y.Map) {
					const key = this.#kind === 'ledger' ? 'log' : 'answers';
					if (rng.chance(0.5)) record.set(key, junk);
					else record.delete(key);
				} else records.set(`n${rng.int(1e6)}`, junk);
				break;
			case 1: // a record replaced by a plain value
				records.set(rng.chance(0.5) ? id : `n${rng.int(1e6)}`, junk);
				break;
			case 2: {
				// a new record missing its containers, with a field of the wrong type
				const fresh = new Y.Map<unknown>();
				records.set(`n${rng.int(1e6)}`, fresh);
				fresh.set(this.#kind === 'ledger' ? 'level' : 'text', 7);
				break;
			}
			default: // a header field of the wrong type, or a Yjs type of the wrong kind
				if (this.#kind === 'inspection') doc.getMap<unknown>('round').set('title', 42);
				else records.set(id, new Y.Text('not a record'));
		}
		const update = Y.encodeStateAsUpdate(doc, before);
		doc.destroy();
		return syncUpdateFrame(update);
	}
}

/** Some poisoned frames (and now and then the seed they build on) for one batch of a worker. */
export function wrongShapeFrames(rng: Rng, source: ShapeSource): Uint8Array[] {
	const frames = rng.chance(0.3) ? [source.seed()] : [];
	if (rng.chance(0.3)) frames.push(source.poisoned());
	return frames;
}
