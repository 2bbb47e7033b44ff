import * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import { foldHazard, isLegalTransition, type HazardState, type TransitionEntry } from './hazard-fold.ts';
import {
	HAZARD_LEVELS,
	cmp,
	logOf,
	readHazard,
	readLog,
	type HazardLevel,
	type HazardSource,
	type HazardView
} from './hazard-record.ts';
import { findNumberClashes, nextHazardNumber } from './hazard-number.ts';
import { pushPhoto, requireContentHash } from './photos.ts';
import { applyTextDiff } from './text.ts';
import { nextAt } from './time.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { report, text, type ReadProblem } from './read.ts';

export * from './hazard-fold.ts';
export { HAZARD_LEVELS, type HazardLevel, type HazardSource, type HazardView } from './hazard-record.ts';

/**
 * The `ledger` document (隐患排查治理台账):
 *
 *   hazards Y.Map<hazardId, Y.Map>  number, createdAt, foundAt, place, foundBy, domain, level, ownerDept,
 *     deadline, source, reportedAt, description Y.Text, photos Y.Array<hash>, log Y.Array<TransitionEntry>
 *
 * Plain fields are last-writer-wins, each set causally over the value the writer saw. The description,
 * photos and the transition log are CRDT containers created with the record, never lazily.
 */
const HAZARDS = 'hazards';
export const DESCRIPTION_MAX = 2000;
const FIELD_MAX = 100;

export interface RegisterHazardInput {
	place: string;
	description: string;
	/** Default: now. */
	foundAt?: number;
	/** A duty domain id (duty.ts); '' when not yet assigned. */
	domain?: string;
	/** Default '一般'. */
	level?: HazardLevel;
	/** A department id (duty.ts); '' when not yet assigned. */
	ownerDept?: string;
	/** YYYY-MM-DD, or null. */
	deadline?: string | null;
	photos?: string[];
	source?: HazardSource;
	/** Default: a random UUID. */
	id?: string;
}

type Rec = Y.Map<unknown>;
const hazards = (doc: Y.Doc): Y.Map<Rec> => doc.getMap<Rec>(HAZARDS);

export function registerHazard(
	doc: Y.Doc,
	input: RegisterHazardInput,
	actor: Actor,
	now: number = Date.now()
): HazardView {
	const who = v.requireActor(actor);
	const id = input.id === undefined ? v.newId() : v.requireId(input.id, 'hazardId');
	if (hazards(doc).has(id))
		throw new ModelError('already_exists', `hazard already exists: ${id}`, { record: 'hazard' });
	const fields = {
		place: v.requireText(input.place, 'place', FIELD_MAX),
		foundAt: v.requireTimestamp(input.foundAt ?? now, 'foundAt'),
		domain: v.optionalText(input.domain, 'domain', FIELD_MAX),
		level: v.requireOneOf(input.level ?? '一般', HAZARD_LEVELS, 'level'),
		ownerDept: v.optionalText(input.ownerDept, 'ownerDept', FIELD_MAX),
		deadline: requireDeadline(input.deadline ?? null),
		source: input.source ? requireSource(input.source) : null
	};
	const description = v.requireText(input.description, 'description', DESCRIPTION_MAX);
	const photos = (input.photos ?? []).map(requireContentHash);
	v.requireTimestamp(now, 'time');
	const numbers = [...doc.getMap<unknown>(HAZARDS).values()].map((h) =>
		h instanceof Y.Map ? text(h.get('number')) : ''
	);
	doc.transact(() => {
		const record: Rec = new Y.Map();
		hazards(doc).set(id, record);
		for (const [key, value] of Object.entries(fields)) record.set(key, value);
		record.set('number', nextHazardNumber(numbers, who.id, now));
		record.set('createdAt', now);
		record.set('foundBy', who);
		record.set('reportedAt', null);
		record.set('description', new Y.Text(description));
		const photoList = new Y.Array<string>();
		record.set('photos', photoList);
		for (const hash of photos) pushPhoto(photoList, hash);
		record.set('log', new Y.Array<TransitionEntry>());
	}, localOrigin(who));
	return getHazard(doc, id) as HazardView;
}

export interface TransitionOptions {
	/** Required when a re-inspection rejects the rectification (the reason it is not fixed). */
	comment?: string;
	photos?: string[];
	/** Default: now. */
	now?: number;
	/** Default: a random UUID. */
	id?: string;
}

/**
 * Appends a transition from the hazard's current state. Throws if the move is not legal from the state
 * this device sees; whether it stays legal after merging with other devices is for the fold to decide.
 */
export function transitionHazard(
	doc: Y.Doc,
	hazardId: string,
	to: HazardState,
	actor: Actor,
	options: TransitionOptions = {}
): TransitionEntry {
	const who = v.requireActor(actor);
	const log = logOf(record(doc, hazardId));
	const entries = readLog(log);
	const { state } = foldHazard(entries);
	if (!isLegalTransition(state, to))
		throw new ModelError('illegal_transition', `illegal hazard transition: ${state} → ${to}`, {
			from: state,
			to
		});
	const comment = v.optionalText(options.comment, 'comment', 500);
	if (state === 'awaiting_reinspection' && to === 'rectifying' && comment === '') {
		throw new ModelError('required', 'a rejected re-inspection needs a reason', { field: 'reason' });
	}
	const entry: TransitionEntry = {
		id: options.id ?? v.newId(),
		from: state,
		to,
		by: who.id,
		byName: who.name,
		// After every entry seen, so this move folds after the state it was made from.
		at: nextAt(v.requireTimestamp(options.now ?? Date.now(), 'time'), entries),
		comment,
		photos: (options.photos ?? []).map(requireContentHash)
	};
	doc.transact(() => log.push([entry]), localOrigin(who));
	return entry;
}

export type HazardPatch = Partial<
	Pick<RegisterHazardInput, 'place' | 'domain' | 'level' | 'ownerDept' | 'deadline'>
>;

/** Changes plain fields; only the fields given are written. */
export function updateHazard(doc: Y.Doc, hazardId: string, patch: HazardPatch, actor: Actor): void {
	const rec = record(doc, hazardId);
	const changes: [string, unknown][] = [];
	if (patch.place !== undefined) changes.push(['place', v.requireText(patch.place, 'place', FIELD_MAX)]);
	if (patch.domain !== undefined) changes.push(['domain', v.optionalText(patch.domain, 'domain', FIELD_MAX)]);
	if (patch.level !== undefined) changes.push(['level', v.requireOneOf(patch.level, HAZARD_LEVELS, 'level')]);
	if (patch.ownerDept !== undefined) {
		changes.push(['ownerDept', v.optionalText(patch.ownerDept, 'ownerDept', FIELD_MAX)]);
	}
	if (patch.deadline !== undefined) changes.push(['deadline', requireDeadline(patch.deadline)]);
	doc.transact(
		() => {
			for (const [key, value] of changes) rec.set(key, value);
		},
		localOrigin(v.requireActor(actor))
	);
}

export function setHazardDescription(doc: Y.Doc, hazardId: string, text: string, actor: Actor): void {
	if (typeof text !== 'string')
		throw new ModelError('not_text', 'description must be a string', { field: 'description' });
	v.requireMax(text, 'description', DESCRIPTION_MAX);
	const description = record(doc, hazardId).get('description');
	if (!(description instanceof Y.Text))
		throw new ModelError('damaged_record', 'hazard has no description', { record: 'hazard' });
	doc.transact(() => applyTextDiff(description, text), localOrigin(v.requireActor(actor)));
}

export function addHazardPhoto(doc: Y.Doc, hazardId: string, hash: string, actor: Actor): void {
	requireContentHash(hash);
	const photos = record(doc, hazardId).get('photos');
	if (!(photos instanceof Y.Array))
		throw new ModelError('damaged_record', 'hazard has no photo list', { record: 'hazard' });
	doc.transact(() => pushPhoto(photos as Y.Array<string>, hash), localOrigin(v.requireActor(actor)));
}

/** Records the report of a 重大 hazard to the education bureau (due within 24 h). */
export function markHazardReported(doc: Y.Doc, hazardId: string, actor: Actor, now = Date.now()): void {
	const rec = record(doc, hazardId);
	if (rec.get('level') !== '重大')
		throw new ModelError('not_major', 'only a 重大 hazard is reported to the bureau', { field: 'level' });
	doc.transact(
		() => rec.set('reportedAt', v.requireTimestamp(now, 'time')),
		localOrigin(v.requireActor(actor))
	);
}

/**
 * Hazards, latest found first, then by number and id. Never throws on a damaged record: it is
 * skipped or read in part, and reported to `problems` when given (see read.ts).
 */
export function listHazards(doc: Y.Doc, problems?: ReadProblem[]): HazardView[] {
	const views: HazardView[] = [];
	doc.getMap<unknown>(HAZARDS).forEach((rec, id) => {
		if (rec instanceof Y.Map) views.push(readHazard(id, rec as Rec, problems));
		else report(problems, { record: 'hazard', id });
	});
	const clashes = findNumberClashes(views);
	for (const view of views) view.numberClash = clashes.has(view.number);
	return views.sort((a, b) => b.foundAt - a.foundAt || cmp(a.number, b.number) || cmp(a.id, b.id));
}

export function getHazard(doc: Y.Doc, hazardId: string): HazardView | null {
	return listHazards(doc).find((h) => h.id === hazardId) ?? null;
}

/** Hazards registered from one checklist item, so a failed item links to its entry instead of a duplicate. */
export function findHazardsBySource(doc: Y.Doc, roundId: string, itemId: string): HazardView[] {
	return listHazards(doc).filter((h) => h.source?.roundId === roundId && h.source.itemId === itemId);
}

function record(doc: Y.Doc, hazardId: string): Rec {
	const rec = hazards(doc).get(hazardId);
	if (!(rec instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown hazard: ${hazardId}`, { record: 'hazard' });
	return rec;
}

function requireDeadline(value: string | null): string | null {
	if (value === null) return null;
	return v.requireIsoDate(value, 'deadline');
}

function requireSource(source: HazardSource): HazardSource {
	return {
		roundId: v.requireId(source.roundId, 'roundId'),
		itemId: v.requireId(source.itemId, 'itemId')
	};
}
