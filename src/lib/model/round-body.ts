import * as Y from 'yjs';
import type { Actor } from './origin.ts';
import type { AnswerEntry } from './answers.ts';
import { hex8 } from './hash.ts';
import { seedUpdate } from './seed.ts';
import type { ChecklistTemplate } from './templates.ts';
import { ModelError } from './errors.ts';
import { actor, isFiniteNumber, isString, num, report, text, type ProblemSink } from './read.ts';

/**
 * The layout of an `inspection/<id>` document and the seed updates that initialise it.
 *
 *   round  Y.Map   header: id, title, month, createdAt, createdBy, templateId, templateVersion
 *   areas  Y.Map<areaId, Y.Map>  title, order, templateAreaId
 *   items  Y.Map<itemId, Y.Map>  areaId, text, order, templateItemId,
 *                                answers Y.Array<AnswerEntry>, note Y.Text, photos Y.Array<string>
 *
 * Both parts are content-addressed seeds (seed.ts). A device that opens a round from the index before
 * the creator's copy arrived can initialise it from the same inputs and get byte-identical structs,
 * so the two merge into one checklist and answers given on either side stay attached to it.
 * Every item's answers, note and photos containers are created here, once, for the same reason: a
 * container created lazily by two devices at once would keep only one device's content.
 */
export const ROUND = 'round';
export const AREAS = 'areas';
export const ITEMS = 'items';

export interface RoundHeader {
	id: string;
	title: string;
	month: string;
	createdAt: number;
	createdBy: Actor;
	templateId: string;
	templateVersion: number;
}

export type ItemMap = Y.Map<unknown>;

export function headerSeed(header: RoundHeader): Uint8Array {
	return seedUpdate((scratch) => {
		const round = scratch.getMap(ROUND);
		round.set('id', header.id);
		round.set('title', header.title);
		round.set('month', header.month);
		round.set('createdAt', header.createdAt);
		round.set('createdBy', { id: header.createdBy.id, name: header.createdBy.name });
		round.set('templateId', header.templateId);
		round.set('templateVersion', header.templateVersion);
	});
}

/**
 * The copied checklist. Ids are the template's ids plus a suffix hashed from the round id and the
 * whole template, so they are fresh per round, and two different templates can never produce the
 * same id (their copies would then fight over one key and lose answers) but only a visible union.
 * `template` must be normalised (templates.ts) so equal templates hash alike.
 */
export function bodySeed(roundId: string, template: ChecklistTemplate): Uint8Array {
	const suffix = hex8(`${roundId}\n${JSON.stringify(template)}`);
	return seedUpdate((scratch) => {
		const areas = scratch.getMap<Y.Map<unknown>>(AREAS);
		const items = scratch.getMap<ItemMap>(ITEMS);
		template.areas.forEach((area, areaIndex) => {
			const areaId = `${area.id}-${suffix}`;
			const areaMap = new Y.Map<unknown>();
			areas.set(areaId, areaMap);
			areaMap.set('title', area.title);
			areaMap.set('order', areaIndex);
			areaMap.set('templateAreaId', area.id);
			area.items.forEach((item, itemIndex) => {
				const itemMap = new Y.Map<unknown>();
				items.set(`${item.id}-${suffix}`, itemMap);
				itemMap.set('areaId', areaId);
				itemMap.set('text', item.text);
				itemMap.set('order', itemIndex);
				itemMap.set('templateItemId', item.id);
				itemMap.set('answers', new Y.Array<AnswerEntry>());
				itemMap.set('note', new Y.Text());
				itemMap.set('photos', new Y.Array<string>());
			});
		});
	});
}

/**
 * The round's header, or null when the document has no round (yet). Never throws: a field of the
 * wrong type reads as its default and is reported to `sink`.
 */
export function readHeader(doc: Y.Doc, sink?: ProblemSink): RoundHeader | null {
	const round = doc.getMap<unknown>(ROUND);
	const id = round.get('id');
	if (typeof id !== 'string') return null;
	const check = (key: string, valid: (value: unknown) => boolean) => {
		const value = round.get(key);
		if (value !== undefined && !valid(value)) report(sink, { record: 'round', id, field: key });
		return value;
	};
	const isActor = (value: unknown) => typeof value === 'object' && value !== null;
	return {
		id,
		title: text(check('title', isString)),
		month: text(check('month', isString)),
		createdAt: num(check('createdAt', isFiniteNumber)),
		createdBy: actor(check('createdBy', isActor)),
		templateId: text(check('templateId', isString)),
		templateVersion: num(check('templateVersion', isFiniteNumber))
	};
}

export function getItemMap(doc: Y.Doc, itemId: string): ItemMap {
	const item = doc.getMap<ItemMap>(ITEMS).get(itemId);
	if (!(item instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown checklist item: ${itemId}`, { record: 'checklistItem' });
	return item;
}

/** The item's answer list, or null when the item holds something else there (a damaged item). */
export function answerList(item: ItemMap): Y.Array<unknown> | null {
	const answers = item.get('answers');
	return answers instanceof Y.Array ? (answers as Y.Array<unknown>) : null;
}

export function noteText(item: ItemMap): Y.Text | null {
	const note = item.get('note');
	return note instanceof Y.Text ? note : null;
}

export function photoList(item: ItemMap): Y.Array<string> | null {
	const photos = item.get('photos');
	return photos instanceof Y.Array ? (photos as Y.Array<string>) : null;
}

/** For writers: the item's answer list, or a `damaged_record` error. */
export function itemAnswers(item: ItemMap): Y.Array<unknown> {
	const answers = answerList(item);
	if (answers === null)
		throw new ModelError('damaged_record', 'checklist item has no answer list', { record: 'checklistItem' });
	return answers;
}

export function itemNote(item: ItemMap): Y.Text {
	const note = noteText(item);
	if (note === null)
		throw new ModelError('damaged_record', 'checklist item has no note', { record: 'checklistItem' });
	return note;
}

export function itemPhotos(item: ItemMap): Y.Array<string> {
	const photos = photoList(item);
	if (photos === null)
		throw new ModelError('damaged_record', 'checklist item has no photo list', { record: 'checklistItem' });
	return photos;
}
