import type * as Y from 'yjs';
import {
	answerItem,
	readRound,
	setItemNote,
	type AnswerValue,
	type ChecklistItemView
} from './inspection.ts';
import { listHazards, updateHazard, setHazardText, type HazardPatch } from './ledger.ts';
import { canEdit, type DomainOwners, type HazardField, type MemberContext } from './hazard-rules.ts';
import type { HazardView } from './hazard-record.ts';
import { localOrigin, type Actor } from './origin.ts';
import { lifecycleState } from './round-lifecycle.ts';
import { ModelError } from './errors.ts';
import { requireActor } from './validate.ts';

/**
 * Restoring a document to how it stood at an earlier time (the server's `GET /api/history/state`,
 * read into a detached document: as-of.ts) as one ordinary new change by the member restoring.
 * Nothing is erased and no rule the server checks on every update is bent:
 *
 * - authorship: every entry written names the restorer (answerItem, the hazard writers);
 * - append-only structures grow: a round item's answer goes back by a new answer entry with the
 *   old value (a clear when it had none), never by editing or removing entries; a hazard's
 *   transition log is not touched, so its loop state is not restored, only its fields;
 * - records are never deleted: hazards registered since stay; a round's checklist (areas, items)
 *   and a hazard's registered values (number, description, photos, who found it) are not written;
 * - a signed-off round is not changed (the office re-opens it first).
 *
 * `plan…` functions say what a restore would write (the confirmation counts it), `restore…` ones
 * write it in one transaction. Both are pure over the two documents.
 */

/** One checklist item put back: its answer (a new entry) and/or its note. */
export interface ItemRestore {
	itemId: string;
	/** The answer to append (null: a clear), or undefined when the answer is the same. */
	answer?: AnswerValue | null;
	/** The note to write, or undefined when it is the same. */
	note?: string;
}

export interface RoundRestorePlan {
	items: ItemRestore[];
	/**
	 * Items whose answers disagreed then (a conflict): a conflict cannot be made again by appending,
	 * so their answers are left as they are now.
	 */
	conflicts: string[];
	/** The round is signed off now: nothing may change until the office re-opens it. */
	signedOff: boolean;
}

/** What an item's answer reads as: a value, null (none or cleared), or 'conflict'. */
function answerOf(item: ChecklistItemView): AnswerValue | null | 'conflict' {
	if (item.conflict.length > 0) return 'conflict';
	return item.answer?.value ?? null;
}

/**
 * What restoring the round `live` to `old` would write. Items the old round did not have (none: a
 * round's checklist never changes) or that the live one lacks are left alone. Throws `unknown_record`
 * when `old` holds no round yet (the time is before the round was created).
 */
export function planRoundRestore(live: Y.Doc, old: Y.Doc): RoundRestorePlan {
	const before = readRound(old);
	const now = readRound(live);
	if (before === null || now === null)
		throw new ModelError('unknown_record', 'no round at that time', { record: 'round' });
	const current = new Map(now.areas.flatMap((area) => area.items).map((item) => [item.id, item]));
	const items: ItemRestore[] = [];
	const conflicts: string[] = [];
	for (const item of before.areas.flatMap((area) => area.items)) {
		const live = current.get(item.id);
		if (live === undefined) continue;
		const change: ItemRestore = { itemId: item.id };
		const was = answerOf(item);
		if (was === 'conflict') {
			if (answerOf(live) !== 'conflict') conflicts.push(item.id);
		} else if (was !== answerOf(live)) change.answer = was;
		if (item.note !== live.note) change.note = item.note;
		if (change.answer !== undefined || change.note !== undefined) items.push(change);
	}
	return { items, conflicts, signedOff: lifecycleState(live) === 'signed_off' };
}

/**
 * Restores the round's answers and notes to `old`'s as one change by `actor`: answers by new
 * entries (answerItem), notes by their changed span. Throws `round_signed_off` on a signed-off
 * round, before writing anything. Returns what was written.
 */
export function restoreRound(
	live: Y.Doc,
	old: Y.Doc,
	actor: Actor,
	now: number = Date.now()
): RoundRestorePlan {
	const who = requireActor(actor);
	const plan = planRoundRestore(live, old);
	if (plan.signedOff)
		throw new ModelError('round_signed_off', 'the round is signed off', { record: 'round' });
	if (plan.items.length === 0) return plan;
	live.transact(() => {
		for (const item of plan.items) {
			if (item.answer !== undefined) answerItem(live, item.itemId, item.answer, who, now);
			// An old note is within the limit or no longer than the stored one: never refused.
			if (item.note !== undefined) setItemNote(live, item.itemId, item.note, who);
		}
	}, localOrigin(who));
	return plan;
}

/**
 * The hazard fields a restore puts back: what is edited after registration, as plain values or
 * the measures' text. Not the registered finding (description, photos, who found it: written once)
 * nor the report to the bureau (it names who reported), and not the state, which only the log's
 * moves change and which never goes back.
 */
export const RESTORED_FIELDS = [
	'place',
	'foundAt',
	'domain',
	'level',
	'ownerDept',
	'ownerPerson',
	'deadline',
	'funds',
	'interimMeasures',
	'remarks',
	'measures'
] as const satisfies readonly (keyof HazardView & HazardField)[];
export type RestoredField = (typeof RESTORED_FIELDS)[number];

/** One hazard put back: the fields that differ and that the member may write now. */
export interface HazardRestore {
	id: string;
	number: string;
	fields: RestoredField[];
}

export interface LedgerRestorePlan {
	hazards: HazardRestore[];
	/** Hazards with fields that differ that the member may not change now (a closed entry …). */
	blocked: HazardRestore[];
	/** Hazards whose loop state differs from then: left as they are (the log is append-only). */
	stateKept: number;
	/** Hazards registered since: kept (records are never deleted). */
	registeredSince: number;
}

/** What restoring the ledger `live` to `old` would write for `member`. */
export function planLedgerRestore(
	live: Y.Doc,
	old: Y.Doc,
	member: MemberContext,
	owners: DomainOwners
): LedgerRestorePlan {
	const before = new Map(listHazards(old).map((view) => [view.id, view]));
	const plan: LedgerRestorePlan = { hazards: [], blocked: [], stateKept: 0, registeredSince: 0 };
	for (const now of listHazards(live)) {
		const then = before.get(now.id);
		if (then === undefined) {
			plan.registeredSince++;
			continue;
		}
		if (then.state !== now.state) plan.stateKept++;
		const differ = RESTORED_FIELDS.filter((field) => then[field] !== now[field]);
		const allowed = differ.filter((field) => canEdit(now, field, member, owners));
		if (allowed.length > 0) plan.hazards.push({ id: now.id, number: now.number, fields: allowed });
		if (allowed.length < differ.length)
			plan.blocked.push({
				id: now.id,
				number: now.number,
				fields: differ.filter((field) => !allowed.includes(field))
			});
	}
	return plan;
}

/**
 * Restores the ledger's fields to `old`'s as one change by `member`, with the hazard writers (so
 * each field is checked against hazard-rules.ts as an edit by hand would be). Returns the plan.
 */
export function restoreLedger(
	live: Y.Doc,
	old: Y.Doc,
	member: MemberContext,
	owners: DomainOwners
): LedgerRestorePlan {
	const who = requireActor(member);
	const plan = planLedgerRestore(live, old, member, owners);
	if (plan.hazards.length === 0) return plan;
	const before = new Map(listHazards(old).map((view) => [view.id, view]));
	live.transact(() => {
		for (const { id, fields } of plan.hazards) {
			const then = before.get(id)!;
			const patch: Record<string, unknown> = {};
			for (const field of fields) if (field !== 'measures') patch[field] = then[field];
			updateHazard(live, id, patch as HazardPatch, member, owners);
			if (fields.includes('measures')) setHazardText(live, id, 'measures', then.measures, member, owners);
		}
	}, localOrigin(who));
	return plan;
}
