import * as Y from 'yjs';
import type { Actor } from '../../src/lib/model/origin.ts';
import { expect } from 'vitest';
import { ModelError, type ModelErrorCode, type ModelErrorParams } from '../../src/lib/model/errors.ts';

export const alice: Actor = { id: 'member-alice', name: '周尹尹' };
export const bob: Actor = { id: 'member-bob', name: '王晓华' };
export const carol: Actor = { id: 'member-carol', name: '黄春' };

/** Sends each document what the others lack, both ways, as two devices meeting would. */
export function syncAll(...docs: Y.Doc[]): void {
	for (const from of docs) {
		for (const to of docs) {
			if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
		}
	}
}

/** A well-formed photo content hash (64 hex digits) derived from `n`. */
export function photoHash(n: number): string {
	return n.toString(16).padStart(64, '0');
}

/** Seeded PRNG (mulberry32): the same seed replays the same run. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Collects the origins of every transaction on `doc` from now on. */
export function recordOrigins(doc: Y.Doc): unknown[] {
	const origins: unknown[] = [];
	doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
	return origins;
}

/**
 * Asserts that `fn` throws a ModelError with `code` (and, if given, these params): the UI shows
 * people the code's catalogue message, so the code, not the English text, is the contract.
 */
export function expectModelError(fn: () => unknown, code: ModelErrorCode, params?: ModelErrorParams): void {
	let thrown: unknown = null;
	try {
		fn();
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(ModelError);
	expect(thrown).toMatchObject({
		code,
		...(params ? { params: expect.objectContaining(params) as unknown } : {})
	});
}
