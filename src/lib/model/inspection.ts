import * as Y from 'yjs';
import { isValidId } from './documents.ts';
import { localOrigin, type Actor } from './origin.ts';
import {
	ANSWER_VALUES,
	answerState,
	parseEntry,
	sortHistory,
	type AnswerEntry,
	type AnswerValue
} from './answers.ts';
import {
	deletePhoto,
	mayRemovePhoto,
	pushPhoto,
	readPhotoInfo,
	readPhotoRefs,
	recordPhotoInfo,
	requireContentHash,
	type DeviceKind,
	type PhotoRef
} from './photos.ts';
import {
	AREAS,
	ROUND,
	ITEMS,
	answerList,
	bodySeed,
	getItemMap,
	headerSeed,
	itemAnswers,
	itemNote,
	itemPhotos,
	noteText,
	photoList,
	readHeader,
	type ItemMap
} from './round-body.ts';
import { applySeeds } from './seed.ts';
import { normaliseTemplate, type ChecklistTemplate } from './templates.ts';
import { applyTextDiff } from './text.ts';
import { nextAt } from './time.ts';
import { newId, requireActor, requireMonth, requireText, requireTimestamp } from './validate.ts';
import { ModelError } from './errors.ts';
import { requireNotSignedOff } from './round-lifecycle.ts';
import { num, report, text, type ProblemSink, type ReadProblem } from './read.ts';

export type { ReadProblem } from './read.ts';

export { currentAnswer, compareEntries, sortHistory } from './answers.ts';
export type { AnswerEntry, AnswerValue } from './answers.ts';

export const ROUND_TITLE_MAX = 100;
/** A note's length limit in UTF-16 code units (what `maxlength` and `String.length` count). */
export const NOTE_MAX = 2000;

export interface ChecklistItemView {
	id: string;
	areaId: string;
	/** The template item this was copied from, to follow one check across rounds. */
	templateItemId: string;
	text: string;
	order: number;
	/** Current answer; null when unanswered, cleared or in conflict. */
	answer: AnswerEntry | null;
	/**
	 * Answers given without seeing each other that disagree (answers.ts), oldest first; [] when
	 * there is none. Such an item counts as a conflict, not as answered, until someone answers again.
	 */
	conflict: AnswerEntry[];
	/** Every entry, oldest first, clears included. */
	history: AnswerEntry[];
	note: string;
	/** In first-added order, with who added each (photos.ts). */
	photos: PhotoRef[];
}

export interface AreaView {
	id: string;
	title: string;
	order: number;
	items: ChecklistItemView[];
	answered: number;
}

export interface RoundProgress {
	total: number;
	answered: number;
	pass: number;
	fail: number;
	na: number;
	/** Items whose answers disagree (not counted in `answered`). */
	conflicts: number;
}

export interface RoundView {
	id: string;
	title: string;
	/** YYYY-MM */
	month: string;
	createdAt: number;
	createdBy: Actor;
	templateId: string;
	templateVersion: number;
	areas: AreaView[];
	progress: RoundProgress;
	/** Parts of the document skipped or read as defaults because of their shape (see read.ts). */
	problems: ReadProblem[];
}

export interface InitRoundInput {
	id: string;
	title: string;
	month: string;
	template: ChecklistTemplate;
	actor: Actor;
	/** Creation time; default `Date.now()`. */
	now?: number;
}

/**
 * Initialises a round: a header and a copy of `template` (fresh ids; the template's id and version are
 * kept for provenance). Does nothing if the document already has a round. Deterministic in its input,
 * so two devices initialising the same round from the same summary converge on one checklist.
 */
export function initRound(doc: Y.Doc, input: InitRoundInput): void {
	if (!isValidId(input.id))
		throw new ModelError('invalid_id', `invalid round id: ${input.id}`, { field: 'roundId' });
	const title = requireText(input.title, 'roundTitle', ROUND_TITLE_MAX);
	const month = requireMonth(input.month);
	const actor = requireActor(input.actor);
	const createdAt = requireTimestamp(input.now ?? Date.now(), 'time');
	const template = normaliseTemplate(input.template);
	if (readHeader(doc) !== null) return;
	const header = headerSeed({
		id: input.id,
		title,
		month,
		createdAt,
		createdBy: actor,
		templateId: template.id,
		templateVersion: template.version
	});
	applySeeds(doc, [header, bodySeed(input.id, template)], localOrigin(actor));
}

/**
 * Appends an answer (or a clear, `value: null`) to the item's history and returns the new entry.
 * This and every writer below refuse on a signed-off round (`round_signed_off`, round-lifecycle.ts).
 */
export function answerItem(
	doc: Y.Doc,
	itemId: string,
	value: AnswerValue | null,
	actor: Actor,
	now: number = Date.now(),
	entryId: string = newId()
): AnswerEntry {
	if (value !== null && !ANSWER_VALUES.includes(value))
		throw new ModelError('not_one_of', `invalid answer: ${String(value)}`, { field: 'answer' });
	const who = requireActor(actor);
	requireTimestamp(now, 'time');
	const answers = itemAnswers(getItemMap(doc, itemId));
	requireNotSignedOff(doc);
	const seen = answers
		.toArray()
		.map(parseEntry)
		.filter((e): e is AnswerEntry => e !== null);
	// The person answering sees every current answer (a conflict shows both), so this one replaces them all.
	const entry: AnswerEntry = {
		id: entryId,
		value,
		by: who.id,
		byName: who.name,
		at: nextAt(now, seen),
		replaces: answerState(seen).heads.map((head) => head.id)
	};
	doc.transact(() => answers.push([entry]), localOrigin(who));
	return entry;
}

/** What `setItemNote` did: `too_long` means nothing was written (the caller keeps the draft). */
export type NoteResult = 'saved' | 'unchanged' | 'too_long';

/**
 * Sets the item's note; only the changed span is written, so concurrent typing merges. A text over
 * `NOTE_MAX` is refused (nothing written, nothing cut) unless it is no longer than the stored note:
 * two devices' merged notes can add up past the limit, and their owners must still be able to edit
 * and shorten that text rather than be locked out or have it truncated.
 */
export function setItemNote(doc: Y.Doc, itemId: string, text: string, actor: Actor): NoteResult {
	if (typeof text !== 'string') throw new ModelError('not_text', 'note must be a string', { field: 'note' });
	const who = requireActor(actor);
	const note = itemNote(getItemMap(doc, itemId));
	const current = note.toString();
	if (current === text) return 'unchanged';
	requireNotSignedOff(doc);
	if (text.length > NOTE_MAX && text.length > current.length) return 'too_long';
	doc.transact(() => applyTextDiff(note, text), localOrigin(who));
	return 'saved';
}

/**
 * Adds a photo (by content hash) to the item and records who added it from what kind of device;
 * adding one already there does nothing. The caller stores the photo on the device first
 * (src/lib/media), so the hash never points at nothing on the device that wrote it.
 */
export function addItemPhoto(
	doc: Y.Doc,
	itemId: string,
	hash: string,
	actor: Actor,
	device: DeviceKind,
	now: number = Date.now()
): void {
	requireContentHash(hash);
	const who = requireActor(actor);
	const photos = itemPhotos(getItemMap(doc, itemId));
	requireNotSignedOff(doc);
	if (photos.toArray().includes(hash)) return;
	doc.transact(() => {
		recordPhotoInfo(doc, hash, { by: who.id, byName: who.name, device, at: requireTimestamp(now, 'time') });
		pushPhoto(photos, hash);
	}, localOrigin(who));
}

/** Takes a photo off the item; only the member who added it may (`not_author`). */
export function removeItemPhoto(doc: Y.Doc, itemId: string, hash: string, actor: Actor): void {
	const who = requireActor(actor);
	const photos = itemPhotos(getItemMap(doc, itemId));
	requireNotSignedOff(doc);
	if (!photos.toArray().includes(hash)) return;
	if (!mayRemovePhoto({ hash, info: readPhotoInfo(doc, hash) }, who.id))
		throw new ModelError('not_author', 'only the member who added a photo may remove it', {
			field: 'photo'
		});
	doc.transact(() => deletePhoto(photos, hash), localOrigin(who));
}

/**
 * The whole round as plain data, or null when the document has not been initialised (yet). Never
 * throws: a part of the wrong shape is skipped (or read as its default) and listed in `problems`,
 * so a damaged item cannot hide the rest of the round.
 */
export function readRound(doc: Y.Doc): RoundView | null {
	const problems: ReadProblem[] = [];
	const header = readHeader(doc, problems);
	if (header === null) return null;
	const items = new Map<string, ChecklistItemView[]>();
	doc.getMap<unknown>(ITEMS).forEach((item, id) => {
		if (!(item instanceof Y.Map)) return report(problems, { record: 'checklistItem', id });
		const view = readItemMap(doc, id, item as ItemMap, problems);
		const list = items.get(view.areaId) ?? [];
		list.push(view);
		items.set(view.areaId, list);
	});
	const areas: AreaView[] = [];
	doc.getMap<unknown>(AREAS).forEach((area, id) => {
		if (!(area instanceof Y.Map)) return report(problems, { record: 'checklistArea', id });
		const areaItems = (items.get(id) ?? []).sort(byOrderThenId);
		areas.push({
			id,
			title: text(area.get('title')),
			order: num(area.get('order')),
			items: areaItems,
			answered: areaItems.filter((item) => item.answer !== null).length
		});
	});
	areas.sort(byOrderThenId);
	// Items always belong to an area of the same seed; none can be orphaned, so none is dropped here.
	return { ...header, areas, progress: roundProgress(areas), problems };
}

/** One item as plain data, or null if the round has no such item. */
export function readItem(doc: Y.Doc, itemId: string): ChecklistItemView | null {
	const item = doc.getMap<unknown>(ITEMS).get(itemId);
	return item instanceof Y.Map ? readItemMap(doc, itemId, item as ItemMap) : null;
}

export function roundProgress(areas: readonly AreaView[]): RoundProgress {
	const progress: RoundProgress = { total: 0, answered: 0, pass: 0, fail: 0, na: 0, conflicts: 0 };
	for (const area of areas) {
		for (const item of area.items) {
			progress.total++;
			if (item.conflict.length > 0) progress.conflicts++;
			else if (item.answer?.value) {
				progress.answered++;
				progress[item.answer.value]++;
			}
		}
	}
	return progress;
}

function readItemMap(doc: Y.Doc, id: string, item: ItemMap, sink?: ProblemSink): ChecklistItemView {
	const part = (field: string, value: unknown) => {
		if (value === null) report(sink, { record: 'checklistItem', id, field });
		return value;
	};
	const answers = part('answers', answerList(item)) as Y.Array<unknown> | null;
	const note = part('note', noteText(item)) as Y.Text | null;
	const photos = part('photos', photoList(item)) as Y.Array<string> | null;
	const entries = (answers?.toArray() ?? []).map(parseEntry).filter((e): e is AnswerEntry => e !== null);
	const state = answerState(entries);
	return {
		id,
		areaId: text(item.get('areaId')),
		templateItemId: text(item.get('templateItemId')),
		text: text(item.get('text')),
		order: num(item.get('order')),
		answer: state.answer,
		conflict: state.conflict,
		history: sortHistory(entries),
		note: note?.toString() ?? '',
		photos: photos === null ? [] : readPhotoRefs(doc, photos)
	};
}

function byOrderThenId(a: { order: number; id: string }, b: { order: number; id: string }): number {
	if (a.order !== b.order) return a.order - b.order;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Renames the round in its own document (rounds.ts keeps the index in step). */
export function setRoundTitle(doc: Y.Doc, title: string, actor: Actor): void {
	const value = requireText(title, 'roundTitle', ROUND_TITLE_MAX);
	const who = requireActor(actor);
	if (readHeader(doc) === null)
		throw new ModelError('not_initialised', 'round is not initialised', { record: 'round' });
	requireNotSignedOff(doc);
	doc.transact(() => doc.getMap(ROUND).set('title', value), localOrigin(who));
}
