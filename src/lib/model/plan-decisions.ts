import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { localOrigin, type Actor } from './origin.ts';
import { num, text } from './read.ts';
import * as v from './validate.ts';

/**
 * Decisions taken in a meeting (决定事项), in the `plan` document:
 *
 *   decisions  Y.Map<decisionId, Y.Map>
 *     text, owner (a department, a person, or any words), deadline (YYYY-MM-DD | null),
 *     status (open | done), by, byName, at (who recorded it, when),
 *     doneBy, doneByName, doneAt (when marked done), editedBy, editedByName, editedAt
 *
 * Each field is its own key, so two members editing the owner and the deadline at once keep both;
 * the same field edited twice keeps one (last writer), which is what a short line in a list
 * wants. A decision keeps its id and status so that a later issue can turn it into a task or a
 * hazard and link both ways; nothing is ever deleted.
 */
export const DECISIONS = 'decisions';
export const DECISION_TEXT_MAX = 500;
export const DECISION_OWNER_MAX = 60;
export const DECISION_STATUSES = ['open', 'done'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export interface Decision {
	id: string;
	text: string;
	owner: string;
	deadline: string | null;
	status: DecisionStatus;
	by: string;
	byName: string;
	at: number;
	doneByName: string;
	doneAt: number | null;
}

export interface DecisionInput {
	text: string;
	owner: string;
	/** `YYYY-MM-DD`, or '' / null for none. */
	deadline: string | null;
}

type Rec = Y.Map<unknown>;

export function decisionsRoot(doc: Y.Doc): Y.Map<Rec> {
	return doc.getMap<Rec>(DECISIONS);
}

function checked(input: DecisionInput) {
	return {
		text: v.requireText(input.text, 'decisionText', DECISION_TEXT_MAX),
		owner: v.optionalText(input.owner, 'decisionOwner', DECISION_OWNER_MAX),
		deadline:
			input.deadline === null || input.deadline === ''
				? null
				: v.requireIsoDate(input.deadline, 'decisionDeadline')
	};
}

export function addDecision(
	doc: Y.Doc,
	input: DecisionInput,
	actor: Actor,
	now: number = Date.now(),
	id: string = v.newId()
): string {
	const who = v.requireActor(actor);
	const fields = checked(input);
	v.requireTimestamp(now, 'time');
	v.requireId(id, 'decisionId');
	const root = decisionsRoot(doc);
	if (root.has(id)) throw new ModelError('already_exists', `decision ${id} exists`, { record: 'decision' });
	doc.transact(() => {
		const rec: Rec = new Y.Map();
		rec.set('text', fields.text);
		rec.set('owner', fields.owner);
		rec.set('deadline', fields.deadline);
		rec.set('status', 'open');
		rec.set('by', who.id);
		rec.set('byName', who.name);
		rec.set('at', now);
		root.set(id, rec);
	}, localOrigin(who));
	return id;
}

/** Changes what differs of text, owner and deadline; writes nothing when nothing differs. */
export function editDecision(
	doc: Y.Doc,
	id: string,
	input: DecisionInput,
	actor: Actor,
	now: number = Date.now()
): void {
	const who = v.requireActor(actor);
	const fields = checked(input);
	const rec = record(doc, id);
	const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter(
		(key) => rec.get(key) !== fields[key]
	);
	if (changed.length === 0) return;
	doc.transact(() => {
		for (const key of changed) rec.set(key, fields[key]);
		rec.set('editedBy', who.id);
		rec.set('editedByName', who.name);
		rec.set('editedAt', now);
	}, localOrigin(who));
}

/** Marks a decision done (已完成) or open again. */
export function setDecisionStatus(
	doc: Y.Doc,
	id: string,
	status: DecisionStatus,
	actor: Actor,
	now: number = Date.now()
): void {
	const who = v.requireActor(actor);
	v.requireOneOf(status, DECISION_STATUSES, 'decisionId');
	const rec = record(doc, id);
	if (rec.get('status') === status) return;
	doc.transact(() => {
		rec.set('status', status);
		rec.set('doneBy', status === 'done' ? who.id : null);
		rec.set('doneByName', status === 'done' ? who.name : null);
		rec.set('doneAt', status === 'done' ? now : null);
	}, localOrigin(who));
}

function record(doc: Y.Doc, id: string): Rec {
	const rec = decisionsRoot(doc).get(id);
	if (!(rec instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown decision ${id}`, { record: 'decision' });
	return rec;
}

function readDecision(id: string, rec: Rec): Decision {
	const deadline = rec.get('deadline');
	const doneAt = rec.get('doneAt');
	return {
		id,
		text: text(rec.get('text')),
		owner: text(rec.get('owner')),
		deadline: v.isIsoDate(deadline) ? deadline : null,
		status: rec.get('status') === 'done' ? 'done' : 'open',
		by: text(rec.get('by')),
		byName: text(rec.get('byName')),
		at: num(rec.get('at')),
		doneByName: text(rec.get('doneByName')),
		doneAt: typeof doneAt === 'number' && Number.isFinite(doneAt) ? doneAt : null
	};
}

/** Open decisions first, by deadline (none last), then when recorded; done ones after, newest first. */
export function listDecisions(doc: Y.Doc): Decision[] {
	const out: Decision[] = [];
	decisionsRoot(doc).forEach((rec, id) => {
		if (rec instanceof Y.Map) out.push(readDecision(id, rec));
	});
	const key = (d: Decision) => d.deadline ?? '9999-99-99';
	return out.sort((a, b) => {
		if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
		if (a.status === 'open') return key(a).localeCompare(key(b)) || a.at - b.at || a.id.localeCompare(b.id);
		return (b.doneAt ?? 0) - (a.doneAt ?? 0) || a.id.localeCompare(b.id);
	});
}
