import * as Y from 'yjs';
import { hex8 } from './hash.ts';
import { seedUpdate } from './seed.ts';
import {
	normaliseTemplate,
	type ChecklistTemplate,
	type PublishedTemplate,
	type TemplateArea
} from './templates.ts';
import { isFiniteNumber, isString, num, text } from './read.ts';

/**
 * How templates are stored in the `meta` document (design.md §7: records keyed by id, ordered by a
 * key stored in the record):
 *
 *   templates        Y.Map<templateId, Y.Map>  id, version, title, areas Y.Map<areaId, Y.Map>
 *                    title, order, items Y.Map<itemId, Y.Map> text, order — the seeded version 1,
 *                    never edited (apps of schema 1 read the template here)
 *   templateDrafts   Y.Map<templateId, Y.Map>  the shared draft the office edits:
 *                      title
 *                      areas Y.Map<areaId, Y.Map>  title, order, retired?
 *                      items Y.Map<itemId, Y.Map>  areaId, text, order, retired?
 *   templateVersions Y.Map<`id@version@hash`, PublishedTemplate>  plain values, never changed
 *
 * The draft is seeded (seed.ts) from version 1, identically on every device, and never created
 * lazily. Items are one flat map with an `areaId`, so moving an item to another area writes one
 * key and merges with a concurrent edit of its text. Areas and items are retired, never deleted.
 * Publishing snapshots the draft's active areas and items as a new version; the key carries a hash
 * of the content, so two devices publishing the same version number offline keep both (readers
 * pick one deterministically, and `publishedVersion` refuses to guess between them).
 */
export const TEMPLATES = 'templates';
export const DRAFTS = 'templateDrafts';
export const VERSIONS = 'templateVersions';

export type Rec = Y.Map<unknown>;

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

/** A seed adding the draft of `template`, as it stands; the same template gives the same structs. */
export function draftSeed(template: ChecklistTemplate): Uint8Array {
	const t = normaliseTemplate(template);
	return seedUpdate((scratch) => {
		const draft: Rec = new Y.Map();
		scratch.getMap<Rec>(DRAFTS).set(t.id, draft);
		draft.set('title', t.title);
		const areas: Y.Map<Rec> = new Y.Map();
		const items: Y.Map<Rec> = new Y.Map();
		draft.set('areas', areas);
		draft.set('items', items);
		t.areas.forEach((area, areaOrder) => {
			const areaRecord: Rec = new Y.Map();
			areas.set(area.id, areaRecord);
			areaRecord.set('title', area.title);
			areaRecord.set('order', areaOrder);
			area.items.forEach((item, itemOrder) => {
				const itemRecord: Rec = new Y.Map();
				items.set(item.id, itemRecord);
				itemRecord.set('areaId', area.id);
				itemRecord.set('text', item.text);
				itemRecord.set('order', itemOrder);
			});
		});
	});
}

export function hasTemplate(doc: Y.Doc, id: string): boolean {
	return doc.getMap<Rec>(TEMPLATES).has(id);
}

/** Ids of every template: seeded ones and any only published. */
export function templateIds(doc: Y.Doc): string[] {
	const ids = new Set<string>(doc.getMap<Rec>(TEMPLATES).keys());
	for (const published of publishedVersions(doc)) ids.add(published.id);
	return [...ids].sort();
}

/** Version 1 as seeded, or null. */
export function readSeededTemplate(doc: Y.Doc, id: string): ChecklistTemplate | null {
	const record = doc.getMap<Rec>(TEMPLATES).get(id);
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

/** Every published version of every template, the seeded ones included, in no particular order. */
export function publishedVersions(doc: Y.Doc): (PublishedTemplate & { key: string })[] {
	const out: (PublishedTemplate & { key: string })[] = [];
	doc.getMap<unknown>(VERSIONS).forEach((raw, key) => {
		const published = parsePublished(raw);
		if (published !== null) out.push({ ...published, key });
	});
	doc.getMap<Rec>(TEMPLATES).forEach((_, id) => {
		const seeded = readSeededTemplate(doc, id);
		if (seeded !== null) out.push({ ...seeded, publishedAt: null, publishedBy: null, key: id });
	});
	return out;
}

/**
 * The versions of one template, newest first: by version, then (two devices having published the
 * same number offline) the later publication, then the key, so every device picks the same one.
 */
export function templateHistory(doc: Y.Doc, id: string): (PublishedTemplate & { key: string })[] {
	return publishedVersions(doc)
		.filter((published) => published.id === id)
		.sort(
			(a, b) =>
				b.version - a.version ||
				(b.publishedAt ?? 0) - (a.publishedAt ?? 0) ||
				(a.key < b.key ? 1 : a.key > b.key ? -1 : 0)
		);
}

/** The version new rounds copy: the newest published one. */
export function latestTemplate(doc: Y.Doc, id: string): PublishedTemplate | null {
	const [latest] = templateHistory(doc, id);
	return latest === undefined ? null : withoutKey(latest);
}

/**
 * Version `version` of a template, or null when this device does not have it, or has two different
 * publications of that number (concurrent offline publishing) and so cannot tell which one a round
 * was made from.
 */
export function publishedVersion(doc: Y.Doc, id: string, version: number): ChecklistTemplate | null {
	const matches = templateHistory(doc, id).filter((published) => published.version === version);
	const [first] = matches;
	if (first === undefined) return null;
	const content = (p: ChecklistTemplate) => JSON.stringify([p.title, p.areas]);
	if (matches.some((other) => content(other) !== content(first))) return null;
	return { id: first.id, version: first.version, title: first.title, areas: first.areas };
}

/** The key a publication is stored under. */
export function versionKey(published: PublishedTemplate): string {
	return `${published.id}@${published.version}@${hex8(JSON.stringify(published))}`;
}

/** Reads a stored publication defensively: anything of the wrong shape reads as null. */
export function parsePublished(raw: unknown): PublishedTemplate | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	if (!isString(r.id) || !isFiniteNumber(r.version) || !isString(r.title) || !Array.isArray(r.areas))
		return null;
	if (!(r.publishedAt === null || isFiniteNumber(r.publishedAt))) return null;
	const by = r.publishedBy as Record<string, unknown> | null;
	if (!(by === null || (typeof by === 'object' && isString(by.id) && isString(by.name)))) return null;
	const areas: TemplateArea[] = [];
	for (const area of r.areas as unknown[]) {
		const a = area as Record<string, unknown> | null;
		if (typeof a !== 'object' || a === null || !isString(a.id) || !isString(a.title)) return null;
		if (!Array.isArray(a.items)) return null;
		const items = [];
		for (const item of a.items as unknown[]) {
			const i = item as Record<string, unknown> | null;
			if (typeof i !== 'object' || i === null || !isString(i.id) || !isString(i.text)) return null;
			items.push({ id: i.id, text: i.text });
		}
		areas.push({ id: a.id, title: a.title, items });
	}
	return {
		id: r.id,
		version: r.version,
		title: r.title,
		areas,
		publishedAt: r.publishedAt,
		publishedBy: by === null ? null : { id: by.id as string, name: by.name as string }
	};
}

function withoutKey(published: PublishedTemplate & { key: string }): PublishedTemplate {
	const { id, version, title, areas, publishedAt, publishedBy } = published;
	return { id, version, title, areas, publishedAt, publishedBy };
}

/** Entries of a map of records, by their `order` key, then id. */
export function ordered(value: unknown): [string, Rec][] {
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
