import type * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import { readDraft, type TemplateDraft } from './template-draft.ts';
import { VERSIONS, latestTemplate, versionKey } from './template-store.ts';
import {
	normaliseTemplate,
	type ChecklistTemplate,
	type PublishedTemplate,
	type TemplateArea
} from './templates.ts';
import { requireActor, requireTimestamp } from './validate.ts';
import { ModelError } from './errors.ts';

/**
 * Publishing a template: the draft's active areas and items become version n + 1, a plain value
 * that never changes. Rounds copy the version they are made from (inspection.ts), so a new version
 * changes only rounds created after it; `createRound` takes the newest.
 */

/** The draft as a template would read: active areas with their active items. */
function activeAreas(draft: TemplateDraft): TemplateArea[] {
	return draft.areas
		.filter((area) => !area.retired)
		.map((area) => ({
			id: area.id,
			title: area.title,
			items: area.items.filter((item) => !item.retired).map((item) => ({ id: item.id, text: item.text }))
		}));
}

/** What publishing the draft now would change, against the newest published version. */
export interface DraftChanges {
	/** Areas and items in the draft but not in the published version. */
	added: number;
	/** Renamed areas and reworded items. */
	edited: number;
	/** Items now in another area. */
	moved: number;
	/** Areas and items published but retired in the draft. */
	retired: number;
	/** Nothing counted above changed, yet the order (or the title) did. */
	reordered: boolean;
	/** Whether publishing would make a new version at all. */
	any: boolean;
}

export function draftChanges(doc: Y.Doc, templateId: string): DraftChanges {
	const draft = readDraft(doc, templateId);
	const latest = latestTemplate(doc, templateId);
	const none: DraftChanges = { added: 0, edited: 0, moved: 0, retired: 0, reordered: false, any: false };
	if (draft === null || latest === null) return none;
	const next = activeAreas(draft);
	const changes = { ...none };
	const before = new Map<string, { text: string; areaId: string }>();
	for (const area of latest.areas) {
		before.set(area.id, { text: area.title, areaId: '' });
		for (const item of area.items) before.set(item.id, { text: item.text, areaId: area.id });
	}
	const seen = new Set<string>();
	const compare = (id: string, value: string, areaId: string) => {
		seen.add(id);
		const old = before.get(id);
		if (old === undefined) changes.added++;
		else {
			if (old.text !== value) changes.edited++;
			if (old.areaId !== areaId) changes.moved++;
		}
	};
	for (const area of next) {
		compare(area.id, area.title, '');
		for (const item of area.items) compare(item.id, item.text, area.id);
	}
	for (const id of before.keys()) if (!seen.has(id)) changes.retired++;
	const same = JSON.stringify([draft.title, next]) === JSON.stringify([latest.title, latest.areas]);
	const counted = changes.added + changes.edited + changes.moved + changes.retired > 0;
	return { ...changes, reordered: !same && !counted, any: !same };
}

/**
 * The draft as the template it would publish, checked: at least one active area, no active area
 * without an active item (`empty_area`), every text within its limit.
 */
export function draftTemplate(draft: TemplateDraft, version: number): ChecklistTemplate {
	const areas = activeAreas(draft);
	if (areas.length === 0)
		throw new ModelError('required', 'a template needs an active area', { field: 'templateAreas' });
	if (areas.some((area) => area.items.length === 0))
		throw new ModelError('empty_area', 'an active area has no active item', { record: 'checklistArea' });
	return normaliseTemplate({ id: draft.id, version, title: draft.title, areas });
}

/** Publishes the draft as the next version; `no_changes` when it equals the newest version. */
export function publishTemplate(
	doc: Y.Doc,
	templateId: string,
	actor: Actor,
	now: number = Date.now()
): PublishedTemplate {
	const who = requireActor(actor);
	const at = requireTimestamp(now, 'time');
	const draft = readDraft(doc, templateId);
	if (draft === null)
		throw new ModelError('not_initialised', `no draft of template ${templateId}`, { record: 'template' });
	const latest = latestTemplate(doc, templateId);
	const template = draftTemplate(draft, (latest?.version ?? 0) + 1);
	if (
		latest !== null &&
		JSON.stringify([template.title, template.areas]) === JSON.stringify([latest.title, latest.areas])
	)
		throw new ModelError('no_changes', 'the draft equals the published version', { record: 'template' });
	const published: PublishedTemplate = { ...template, publishedAt: at, publishedBy: who };
	doc.transact(() => doc.getMap(VERSIONS).set(versionKey(published), published), localOrigin(who));
	return published;
}
