import * as Y from 'yjs';
import { seedUpdate } from './seed.ts';
import { normaliseTemplate, type ChecklistTemplate, type TemplateArea } from './templates.ts';
import { num, text } from './read.ts';

/**
 * How templates are stored in the `meta` document:
 *
 *   templates Y.Map<templateId, Y.Map>  id, version, title,
 *     areas Y.Map<areaId, Y.Map>  title, order,
 *       items Y.Map<itemId, Y.Map>  text, order
 *
 * Nested maps keyed by id with an order key (design.md §7), so a future template editor can change
 * one question without rewriting, and racing with, the rest.
 */
export const TEMPLATES = 'templates';

type Rec = Y.Map<unknown>;

/** A seed (seed.ts) adding `template`; concurrent seeding on two devices merges into one copy. */
export function templateSeed(template: ChecklistTemplate): Uint8Array {
	const t = normaliseTemplate(template);
	return seedUpdate((scratch) => {
		const record: Rec = new Y.Map();
		scratch.getMap<Rec>(TEMPLATES).set(t.id, record);
		record.set('id', t.id);
		record.set('version', t.version);
		record.set('title', t.title);
		const areas: Y.Map<Rec> = new Y.Map();
		record.set('areas', areas);
		t.areas.forEach((area, areaOrder) => {
			const areaRecord: Rec = new Y.Map();
			areas.set(area.id, areaRecord);
			areaRecord.set('title', area.title);
			areaRecord.set('order', areaOrder);
			const items: Y.Map<Rec> = new Y.Map();
			areaRecord.set('items', items);
			area.items.forEach((item, itemOrder) => {
				const itemRecord: Rec = new Y.Map();
				items.set(item.id, itemRecord);
				itemRecord.set('text', item.text);
				itemRecord.set('order', itemOrder);
			});
		});
	});
}

export function hasTemplate(doc: Y.Doc, id: string): boolean {
	return doc.getMap<Rec>(TEMPLATES).has(id);
}

export function readTemplates(doc: Y.Doc): ChecklistTemplate[] {
	const out: ChecklistTemplate[] = [];
	doc.getMap<Rec>(TEMPLATES).forEach((record, id) => {
		const template = readTemplateRecord(id, record);
		if (template) out.push(template);
	});
	return out.sort((a, b) => (a.title !== b.title ? (a.title < b.title ? -1 : 1) : a.id < b.id ? -1 : 1));
}

export function readTemplate(doc: Y.Doc, id: string): ChecklistTemplate | null {
	const record = doc.getMap<Rec>(TEMPLATES).get(id);
	return record ? readTemplateRecord(id, record) : null;
}

function readTemplateRecord(id: string, record: unknown): ChecklistTemplate | null {
	if (!(record instanceof Y.Map)) return null;
	return {
		id,
		version: num(record.get('version'), 1),
		title: text(record.get('title')),
		areas: ordered(record.get('areas')).map(([areaId, area]): TemplateArea => ({
			id: areaId,
			title: text(area.get('title')),
			items: ordered(area.get('items')).map(([itemId, item]) => ({
				id: itemId,
				text: text(item.get('text'))
			}))
		}))
	};
}

/** Entries of a map of records, by their `order` key, then id. */
function ordered(value: unknown): [string, Rec][] {
	if (!(value instanceof Y.Map)) return [];
	const entries: [string, Rec][] = [];
	(value as Y.Map<unknown>).forEach((child, key) => {
		if (child instanceof Y.Map) entries.push([key, child as Rec]);
	});
	return entries.sort(([aId, a], [bId, b]) => {
		const diff = num(a.get('order')) - num(b.get('order'));
		return diff !== 0 ? diff : aId < bId ? -1 : aId > bId ? 1 : 0;
	});
}
