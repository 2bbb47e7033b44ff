import type * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { isFiniteNumber, isString } from './read.ts';

/**
 * Proposals the leadership rejected (plan-proposals.ts), remembered per workspace in the `plan`
 * document, beside the text they came from:
 *
 *   rejections  Y.Map<proposalKey, { fingerprint, by, byName, at }>
 *
 * A rejection holds while the plan proposes the same thing (the same fingerprint); once the text
 * proposes something else for that subject, it is proposed again. One plain value per subject,
 * last writer wins.
 */
const REJECTIONS = 'rejections';
const KEY_MAX = 200;

export interface Rejection {
	fingerprint: string;
	by: string;
	byName: string;
	at: number;
}

/** The rejections by proposal key. */
export type Rejections = ReadonlyMap<string, Rejection>;

export function parseRejection(raw: unknown): Rejection | null {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
	const { fingerprint, by, byName, at } = raw as Record<string, unknown>;
	if (!isString(fingerprint) || !isString(by) || !isFiniteNumber(at)) return null;
	return { fingerprint, by, byName: isString(byName) ? byName : '', at };
}

export function readRejections(doc: Y.Doc): Rejections {
	const out = new Map<string, Rejection>();
	doc.getMap<unknown>(REJECTIONS).forEach((raw, key) => {
		const rejection = parseRejection(raw);
		if (rejection) out.set(key, rejection);
	});
	return out;
}

export function isRejected(rejections: Rejections, key: string, fingerprint: string): boolean {
	return rejections.get(key)?.fingerprint === fingerprint;
}

export function rejectProposal(
	doc: Y.Doc,
	proposal: { key: string; fingerprint: string },
	actor: Actor,
	now: number = Date.now()
): void {
	const who = v.requireActor(actor);
	const key = v.requireText(proposal.key, 'complianceRule', KEY_MAX);
	const value: Rejection = {
		fingerprint: v.requireText(proposal.fingerprint, 'complianceRule', 64),
		by: who.id,
		byName: who.name,
		at: v.requireTimestamp(now, 'time')
	};
	doc.transact(() => doc.getMap<unknown>(REJECTIONS).set(key, value), localOrigin(who));
}

/** Proposes a rejected proposal again. */
export function unrejectProposal(doc: Y.Doc, key: string, actor: Actor): void {
	const who = v.requireActor(actor);
	const map = doc.getMap<unknown>(REJECTIONS);
	if (!map.has(key))
		throw new ModelError('unknown_record', `not rejected: ${key}`, { field: 'complianceRule' });
	doc.transact(() => map.delete(key), localOrigin(who));
}
