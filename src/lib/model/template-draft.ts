import * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import { applySeeds } from './seed.ts';
import { DRAFTS, draftSeed, ordered, readSeededTemplate, type Rec } from './template-store.ts';
import { TEMPLATE_TEXT_MAX, TEMPLATE_TITLE_MAX } from './templates.ts';
import { newId, requireActor, requireId, requireText } from './validate.ts';
import { ModelError } from './errors.ts';
import { num, text } from './read.ts';

/**
 * Editing the shared draft of a template (layout in template-store.ts). Every edit writes the
 * fewest keys it can in one transaction, so two office devices editing at once merge per field:
 * a rename and a move of the same item both survive; two additions both appear; a reorder sets
 * one `order` key between the neighbours (renumbering only when the gap runs out); nothing is
 * ever deleted, only retired and restored. Publishing is template-publish.ts.
 */

export interface DraftItem {
	id: string;
	areaId: string;
	text: string;
	retired: boolean;
}

export interface DraftArea {
	id: string;
	title: string;
	retired: boolean;
	/** In order, retired ones included. */
	items: DraftItem[];
}

export interface TemplateDraft {
	id: string;
	title: string;
	/** In order, retired ones included. */
	areas: DraftArea[];
}

export type Direction = 'up' | 'down';

/** The draft of a template, or null before it is seeded on this device. */
export function readDraft(doc: Y.Doc, templateId: string): TemplateDraft | null {
	const draft = doc.getMap<unknown>(DRAFTS).get(templateId);
	if (!(draft instanceof Y.Map)) return null;
	const byArea = new Map<string, DraftItem[]>();
	for (const [id, item] of ordered(draft.get('items'))) {
		const areaId = text(item.get('areaId'));
		const list = byArea.get(areaId) ?? [];
		list.push({ id, areaId, text: text(item.get('text')), retired: item.get('retired') === true });
		byArea.set(areaId, list);
	}
	return {
		id: templateId,
		title: text(draft.get('title')),
		// An item whose area is missing cannot be shown or published: areas are never deleted, so
		// only a damaged document has one.
		areas: ordered(draft.get('areas')).map(([id, area]) => ({
			id,
			title: text(area.get('title')),
			retired: area.get('retired') === true,
			items: byArea.get(id) ?? []
		}))
	};
}

/**
 * Seeds the draft from version 1 when this device has none yet (the meta v2 migration does the
 * same); returns whether a draft exists afterwards. Identical on every device, so it merges.
 */
export function ensureDraft(doc: Y.Doc, templateId: string, actor: Actor): boolean {
	if (doc.getMap(DRAFTS).has(templateId)) return true;
	const seeded = readSeededTemplate(doc, templateId);
	if (seeded === null) return false;
	applySeeds(doc, [draftSeed(seeded)], localOrigin(requireActor(actor)));
	return true;
}

export function addDraftArea(
	doc: Y.Doc,
	templateId: string,
	title: string,
	actor: Actor,
	id: string = newId()
): string {
	const value = requireText(title, 'areaTitle', TEMPLATE_TITLE_MAX);
	const areaId = requireId(id, 'areaId');
	const areas = part(draftOf(doc, templateId), 'areas');
	if (areas.has(areaId))
		throw new ModelError('already_exists', `area exists: ${areaId}`, { record: 'checklistArea' });
	refuseDuplicate(ordered(areas), 'title', value, null, 'checklistArea');
	write(doc, actor, () => {
		const record: Rec = new Y.Map();
		areas.set(areaId, record);
		record.set('title', value);
		record.set('order', nextOrder(ordered(areas).filter(([key]) => key !== areaId)));
	});
	return areaId;
}

export function renameDraftArea(
	doc: Y.Doc,
	templateId: string,
	areaId: string,
	title: string,
	actor: Actor
): void {
	const value = requireText(title, 'areaTitle', TEMPLATE_TITLE_MAX);
	const areas = part(draftOf(doc, templateId), 'areas');
	const record = areaRecord(areas, areaId);
	if (record.get('title') === value) return;
	refuseDuplicate(ordered(areas), 'title', value, areaId, 'checklistArea');
	write(doc, actor, () => record.set('title', value));
}

export function setDraftAreaRetired(
	doc: Y.Doc,
	templateId: string,
	areaId: string,
	retired: boolean,
	actor: Actor
): void {
	const record = areaRecord(part(draftOf(doc, templateId), 'areas'), areaId);
	if ((record.get('retired') === true) === retired) return;
	write(doc, actor, () => record.set('retired', retired));
}

/** Moves an area one place among the areas that are (or are not) retired like it. */
export function moveDraftArea(
	doc: Y.Doc,
	templateId: string,
	areaId: string,
	direction: Direction,
	actor: Actor
): void {
	const areas = part(draftOf(doc, templateId), 'areas');
	const retired = areaRecord(areas, areaId).get('retired') === true;
	const siblings = ordered(areas).filter(([, area]) => (area.get('retired') === true) === retired);
	reorder(doc, actor, siblings, areaId, direction);
}

export function addDraftItem(
	doc: Y.Doc,
	templateId: string,
	areaId: string,
	itemText: string,
	actor: Actor,
	id: string = newId()
): string {
	const value = requireText(itemText, 'itemText', TEMPLATE_TEXT_MAX);
	const itemId = requireId(id, 'itemId');
	const draft = draftOf(doc, templateId);
	requireActiveArea(part(draft, 'areas'), areaId);
	const items = part(draft, 'items');
	if (items.has(itemId))
		throw new ModelError('already_exists', `item exists: ${itemId}`, { record: 'checklistItem' });
	const siblings = itemsIn(items, areaId);
	refuseDuplicate(siblings, 'text', value, null, 'checklistItem');
	write(doc, actor, () => {
		const record: Rec = new Y.Map();
		items.set(itemId, record);
		record.set('areaId', areaId);
		record.set('text', value);
		record.set('order', nextOrder(siblings));
	});
	return itemId;
}

export function editDraftItem(
	doc: Y.Doc,
	templateId: string,
	itemId: string,
	itemText: string,
	actor: Actor
): void {
	const value = requireText(itemText, 'itemText', TEMPLATE_TEXT_MAX);
	const items = part(draftOf(doc, templateId), 'items');
	const record = itemRecord(items, itemId);
	if (record.get('text') === value) return;
	refuseDuplicate(itemsIn(items, text(record.get('areaId'))), 'text', value, itemId, 'checklistItem');
	write(doc, actor, () => record.set('text', value));
}

export function setDraftItemRetired(
	doc: Y.Doc,
	templateId: string,
	itemId: string,
	retired: boolean,
	actor: Actor
): void {
	const record = itemRecord(part(draftOf(doc, templateId), 'items'), itemId);
	if ((record.get('retired') === true) === retired) return;
	write(doc, actor, () => record.set('retired', retired));
}

/** Moves an item one place within its area, among the items retired (or not) like it. */
export function moveDraftItem(
	doc: Y.Doc,
	templateId: string,
	itemId: string,
	direction: Direction,
	actor: Actor
): void {
	const items = part(draftOf(doc, templateId), 'items');
	const record = itemRecord(items, itemId);
	const retired = record.get('retired') === true;
	const siblings = itemsIn(items, text(record.get('areaId'))).filter(
		([, item]) => (item.get('retired') === true) === retired
	);
	reorder(doc, actor, siblings, itemId, direction);
}

/** Moves an item to the end of another (active) area: one key for the area, one for the order. */
export function moveDraftItemToArea(
	doc: Y.Doc,
	templateId: string,
	itemId: string,
	areaId: string,
	actor: Actor
): void {
	const draft = draftOf(doc, templateId);
	requireActiveArea(part(draft, 'areas'), areaId);
	const items = part(draft, 'items');
	const record = itemRecord(items, itemId);
	if (record.get('areaId') === areaId) return;
	const siblings = itemsIn(items, areaId);
	refuseDuplicate(siblings, 'text', text(record.get('text')), itemId, 'checklistItem');
	write(doc, actor, () => {
		record.set('areaId', areaId);
		record.set('order', nextOrder(siblings));
	});
}

function write(doc: Y.Doc, actor: Actor, fn: () => void): void {
	doc.transact(fn, localOrigin(requireActor(actor)));
}

function draftOf(doc: Y.Doc, templateId: string): Rec {
	const draft = doc.getMap<unknown>(DRAFTS).get(templateId);
	if (!(draft instanceof Y.Map))
		throw new ModelError('not_initialised', `no draft of template ${templateId}`, { record: 'template' });
	return draft as Rec;
}

function part(draft: Rec, key: 'areas' | 'items'): Y.Map<Rec> {
	const value = draft.get(key);
	if (!(value instanceof Y.Map))
		throw new ModelError('damaged_record', `draft has no ${key}`, { record: 'template' });
	return value as Y.Map<Rec>;
}

function areaRecord(areas: Y.Map<Rec>, areaId: string): Rec {
	const record = areas.get(areaId);
	if (!(record instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown area: ${areaId}`, { record: 'checklistArea' });
	return record;
}

function requireActiveArea(areas: Y.Map<Rec>, areaId: string): void {
	if (areaRecord(areas, areaId).get('retired') === true)
		throw new ModelError('retired', `area is retired: ${areaId}`, { record: 'checklistArea' });
}

function itemRecord(items: Y.Map<Rec>, itemId: string): Rec {
	const record = items.get(itemId);
	if (!(record instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown item: ${itemId}`, { record: 'checklistItem' });
	return record;
}

function itemsIn(items: Y.Map<Rec>, areaId: string): [string, Rec][] {
	return ordered(items).filter(([, item]) => item.get('areaId') === areaId);
}

/** Two active areas of one name, or two active questions alike in one area, would read as one. */
function refuseDuplicate(
	siblings: [string, Rec][],
	key: 'title' | 'text',
	value: string,
	self: string | null,
	record: 'checklistArea' | 'checklistItem'
): void {
	const clash = siblings.some(([id, r]) => id !== self && r.get('retired') !== true && r.get(key) === value);
	if (clash)
		throw new ModelError('already_exists', `duplicate ${key}: ${value}`, {
			record,
			field: key === 'title' ? 'areaTitle' : 'itemText'
		});
}

function nextOrder(siblings: [string, Rec][]): number {
	let max = -1;
	for (const [, record] of siblings) max = Math.max(max, Math.floor(num(record.get('order'))));
	return max + 1;
}

/** A number strictly between `lo` and `hi` (either may be absent), or null when none is left. */
function between(lo: number | undefined, hi: number | undefined): number | null {
	if (lo === undefined && hi === undefined) return 0;
	if (lo === undefined) return (hi as number) - 1;
	if (hi === undefined) return lo + 1;
	const mid = lo + (hi - lo) / 2;
	return mid > lo && mid < hi ? mid : null;
}

/**
 * Sets one `order` key so `id` lands one place up or down among `siblings` (in order). When two
 * neighbours share an order (two devices added at once) or the gap is used up, the siblings are
 * renumbered first, in the same transaction.
 */
function reorder(
	doc: Y.Doc,
	actor: Actor,
	siblings: [string, Rec][],
	id: string,
	direction: Direction
): void {
	const i = siblings.findIndex(([key]) => key === id);
	const j = direction === 'up' ? i - 1 : i + 1;
	const self = siblings[i]?.[1];
	if (self === undefined || j < 0 || j >= siblings.length) return;
	const [lo, hi] = direction === 'up' ? [siblings[j - 1], siblings[j]] : [siblings[j], siblings[j + 1]];
	const order = (entry: [string, Rec] | undefined) =>
		entry === undefined ? undefined : num(entry[1].get('order'));
	write(doc, actor, () => {
		let next = between(order(lo), order(hi));
		if (next === null) {
			siblings.forEach(([, record], k) => record.set('order', k));
			next = between(order(lo), order(hi)) ?? 0;
		}
		self.set('order', next);
	});
}
