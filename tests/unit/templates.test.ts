import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRound, type RoundView } from '../../src/lib/model/inspection.ts';
import {
	getTemplate,
	initWorkspace,
	listTemplates,
	migrate,
	readWorkspace
} from '../../src/lib/model/meta.ts';
import { versionMarker } from '../../src/lib/model/migrations.ts';
import { createRound, ensureRound } from '../../src/lib/model/rounds.ts';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import {
	addDraftArea,
	addDraftItem,
	editDraftItem,
	ensureDraft,
	moveDraftArea,
	moveDraftItem,
	moveDraftItemToArea,
	readDraft,
	renameDraftArea,
	setDraftAreaRetired,
	setDraftItemRetired,
	type TemplateDraft
} from '../../src/lib/model/template-draft.ts';
import { draftChanges, publishTemplate } from '../../src/lib/model/template-publish.ts';
import { publishedVersion, templateHistory, templateSeed } from '../../src/lib/model/template-store.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { alice, bob, expectModelError, syncAll } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 2);
const ID = SEED_TEMPLATE.id;
const SWITCHES = 'food-switches';

function workspace(): Y.Doc {
	const doc = new Y.Doc();
	initWorkspace(doc, { name: '集善中学', actor: alice, now: T0 });
	return doc;
}

function draft(doc: Y.Doc): TemplateDraft {
	const value = readDraft(doc, ID);
	if (value === null) throw new Error('no draft');
	return value;
}

/** Each area's title and its active items' texts, as a round would show them. */
function outline(doc: Y.Doc): [string, string[]][] {
	return draft(doc)
		.areas.filter((area) => !area.retired)
		.map((area) => [area.title, area.items.filter((item) => !item.retired).map((item) => item.text)]);
}

function roundOutline(view: RoundView): [string, string[]][] {
	return view.areas.map((area) => [area.title, area.items.map((item) => item.text)]);
}

function round(meta: Y.Doc, id: string, now = T0): Y.Doc {
	const doc = new Y.Doc();
	createRound(meta, doc, { id, title: `检查 ${id}`, month: '2026-11', actor: alice, now });
	return doc;
}

function view(doc: Y.Doc): RoundView {
	const value = readRound(doc);
	if (value === null) throw new Error('no round');
	return value;
}

describe('the draft', () => {
	it('starts as version 1, with nothing to publish', () => {
		const doc = workspace();
		expect(outline(doc)).toEqual(SEED_TEMPLATE.areas.map((a) => [a.title, a.items.map((i) => i.text)]));
		expect(draftChanges(doc, ID).any).toBe(false);
		expectModelError(() => publishTemplate(doc, ID, alice, T0), 'no_changes', { record: 'template' });
		expect(checkDocument('meta', doc)).toEqual([]);
	});

	it('adds, edits, reorders, moves and retires areas and items', () => {
		const doc = workspace();
		moveDraftItemToArea(doc, ID, SWITCHES, 'building', alice);
		const area = addDraftArea(doc, ID, '  实验室安全 ', alice, 'lab');
		const item = addDraftItem(doc, ID, area, '危化品柜是否上锁', alice, 'lab-cabinet');
		addDraftItem(doc, ID, area, '通风设备是否正常', alice, 'lab-vent');
		moveDraftItem(doc, ID, 'lab-vent', 'up', alice);
		editDraftItem(doc, ID, item, '危险化学品柜是否双人双锁', alice);
		renameDraftArea(doc, ID, 'commute', '学生上下学安全', alice);
		moveDraftArea(doc, ID, 'lab', 'up', alice);
		setDraftItemRetired(doc, ID, 'fire-open-flame', true, alice);
		setDraftAreaRetired(doc, ID, 'fire', true, alice);
		setDraftAreaRetired(doc, ID, 'fire', false, alice);

		const areas = outline(doc);
		expect(areas.map(([title]) => title)).toEqual([
			'校舍及设施设备',
			'食品卫生',
			'消防安全',
			'实验室安全',
			'学生上下学安全'
		]);
		expect(areas[0]![1].at(-1)).toBe('开关是否完好无损坏');
		expect(areas[1]![1]).not.toContain('开关是否完好无损坏');
		expect(areas[2]![1]).not.toContain('校内是否杜绝学生使用明火');
		expect(areas[3]![1]).toEqual(['通风设备是否正常', '危险化学品柜是否双人双锁']);
		// Retired, not deleted: still in the draft, and restorable.
		const fire = draft(doc).areas.find((a) => a.id === 'fire')!;
		expect(fire.items.find((i) => i.id === 'fire-open-flame')?.retired).toBe(true);
		expect(draftChanges(doc, ID)).toMatchObject({ added: 3, edited: 1, moved: 1, retired: 1, any: true });
		expect(checkDocument('meta', doc)).toEqual([]);
	});

	it('refuses what a round could not show, naming the field or record', () => {
		const doc = workspace();
		expectModelError(() => addDraftArea(doc, ID, '  ', alice), 'required', { field: 'areaTitle' });
		expectModelError(() => addDraftArea(doc, ID, '食品卫生', alice), 'already_exists', {
			record: 'checklistArea',
			field: 'areaTitle'
		});
		expectModelError(() => addDraftItem(doc, ID, 'food', '长'.repeat(201), alice), 'too_long', {
			field: 'itemText',
			max: 200
		});
		expectModelError(() => addDraftItem(doc, ID, 'food', '开关是否完好无损坏', alice), 'already_exists', {
			record: 'checklistItem'
		});
		expectModelError(() => editDraftItem(doc, ID, 'nope', '问题', alice), 'unknown_record', {
			record: 'checklistItem'
		});
		expectModelError(() => addDraftItem(doc, ID, 'nope', '问题', alice), 'unknown_record', {
			record: 'checklistArea'
		});
		setDraftAreaRetired(doc, ID, 'commute', true, alice);
		expectModelError(() => addDraftItem(doc, ID, 'commute', '问题', alice), 'retired', {
			record: 'checklistArea'
		});
		expectModelError(() => moveDraftItemToArea(doc, ID, SWITCHES, 'commute', alice), 'retired');
		expectModelError(() => addDraftArea(new Y.Doc(), ID, '区', alice), 'not_initialised', {
			record: 'template'
		});
	});

	it('keeps reordering after the gaps between order keys run out', () => {
		const doc = workspace();
		const expected = draft(doc).areas[0]!.items.map((i) => i.id);
		for (let n = 0; n < 120; n++) {
			// The last item up one place: always between the same two neighbours, halving the gap.
			const last = expected.pop()!;
			expected.splice(expected.length - 1, 0, last);
			moveDraftItem(doc, ID, last, 'up', alice);
			expect(draft(doc).areas[0]!.items.map((i) => i.id)).toEqual(expected);
		}
		const first = expected[0]!;
		moveDraftItem(doc, ID, first, 'up', alice);
		expect(draft(doc).areas[0]!.items[0]!.id).toBe(first);
	});
});

describe('publishing', () => {
	it('publishes version 2 with who and when, and new rounds copy it while older rounds keep theirs', () => {
		const meta = workspace();
		const before = round(meta, 'round-old');
		const oldOutline = roundOutline(view(before));

		moveDraftItemToArea(meta, ID, SWITCHES, 'building', bob);
		addDraftItem(meta, ID, 'fire', '疏散指示标志是否清晰', bob, 'fire-exit-signs');
		const published = publishTemplate(meta, ID, bob, T0 + 1000);
		expect(published).toMatchObject({ id: ID, version: 2, publishedAt: T0 + 1000, publishedBy: bob });
		expect(getTemplate(meta, ID)?.version).toBe(2);
		expect(listTemplates(meta)).toEqual([published]);
		expect(templateHistory(meta, ID).map((v) => [v.version, v.publishedBy?.name ?? null])).toEqual([
			[2, bob.name],
			[1, null]
		]);
		expect(draftChanges(meta, ID).any).toBe(false);
		expect(checkDocument('meta', meta)).toEqual([]);

		// The older round is unchanged; a new one has the switches under 校舍 and the new item.
		expect(roundOutline(view(before))).toEqual(oldOutline);
		expect(view(before).templateVersion).toBe(1);
		const after = view(round(meta, 'round-new', T0 + 2000));
		expect(after.templateVersion).toBe(2);
		expect(after.areas[0]!.items.at(-1)).toMatchObject({
			text: '开关是否完好无损坏',
			templateItemId: SWITCHES
		});
		expect(after.areas[1]!.items.map((i) => i.text)).not.toContain('开关是否完好无损坏');
		expect(after.progress.total).toBe(19);

		// A device opening each round from the index builds it from that round's own version.
		const other = new Y.Doc();
		syncAll(meta, other);
		for (const [id, doc] of [['round-old', before]] as const) {
			const copy = new Y.Doc();
			expect(ensureRound(other, copy, id)).toBe(true);
			syncAll(copy, doc);
			expect(view(copy)).toEqual(view(doc));
		}
		const fresh = new Y.Doc();
		expect(ensureRound(other, fresh, 'round-new')).toBe(true);
		expect(roundOutline(view(fresh))).toEqual(roundOutline(after));
	});

	it('refuses an empty area and a template without areas', () => {
		const meta = workspace();
		const area = addDraftArea(meta, ID, '实验室安全', alice);
		expectModelError(() => publishTemplate(meta, ID, alice, T0), 'empty_area', { record: 'checklistArea' });
		setDraftAreaRetired(meta, ID, area, true, alice);
		for (const id of ['building', 'food', 'fire', 'commute']) setDraftAreaRetired(meta, ID, id, true, alice);
		expectModelError(() => publishTemplate(meta, ID, alice, T0), 'required', { field: 'templateAreas' });
	});
});

describe('two office devices', () => {
	function pair(): [Y.Doc, Y.Doc] {
		const a = workspace();
		const b = new Y.Doc();
		syncAll(a, b);
		return [a, b];
	}

	it('merge concurrent edits field by field', () => {
		const [a, b] = pair();
		// The same item: A rewords it, B moves it to another area; both stand.
		editDraftItem(a, ID, SWITCHES, '电源开关是否完好无损坏', alice);
		moveDraftItemToArea(b, ID, SWITCHES, 'building', bob);
		// Both add an item to the same area: both appear.
		addDraftItem(a, ID, 'fire', '消防栓是否有水', alice);
		addDraftItem(b, ID, 'fire', '疏散指示标志是否清晰', bob);
		// A retires an item B rewords: retired, with B's words.
		setDraftItemRetired(a, ID, 'commute-notice', true, alice);
		editDraftItem(b, ID, 'commute-notice', '是否向家长通报路途安全', bob);
		// Each moves a different area.
		moveDraftArea(a, ID, 'commute', 'up', alice);
		moveDraftArea(b, ID, 'building', 'down', bob);
		syncAll(a, b);

		expect(readDraft(a, ID)).toEqual(readDraft(b, ID));
		const items = draft(a).areas.flatMap((area) => area.items.map((item) => ({ ...item, area: area.id })));
		expect(items.find((i) => i.id === SWITCHES)).toMatchObject({
			area: 'building',
			text: '电源开关是否完好无损坏'
		});
		const fire = draft(a)
			.areas.find((area) => area.id === 'fire')!
			.items.map((i) => i.text);
		expect(fire).toEqual(expect.arrayContaining(['消防栓是否有水', '疏散指示标志是否清晰']));
		expect(items.find((i) => i.id === 'commute-notice')).toMatchObject({
			retired: true,
			text: '是否向家长通报路途安全'
		});
		expect(draft(a).areas.map((area) => area.id)).toEqual(['food', 'building', 'commute', 'fire']);
		expect(checkDocument('meta', a)).toEqual([]);
	});

	it('publishing the same version offline keeps both, picks one alike, and the next is version 3', () => {
		const [a, b] = pair();
		addDraftItem(a, ID, 'fire', '消防栓是否有水', alice);
		publishTemplate(a, ID, alice, T0 + 10);
		const roundA = round(a, 'round-a', T0 + 20);
		setDraftItemRetired(b, ID, 'fire-open-flame', true, bob);
		publishTemplate(b, ID, bob, T0 + 15);
		syncAll(a, b);

		expect(templateHistory(a, ID).map((v) => v.version)).toEqual([2, 2, 1]);
		expect(getTemplate(a, ID)).toEqual(getTemplate(b, ID));
		// The later publication is the newest (bob's), on both devices.
		expect(templateHistory(a, ID)[0]?.publishedBy).toEqual(bob);
		// A round made from one of the two cannot be rebuilt from the index: wait for its document.
		expect(publishedVersion(a, ID, 2)).toBeNull();
		expect(ensureRound(b, new Y.Doc(), 'round-a')).toBe(false);
		expect(view(roundA).templateVersion).toBe(2);
		// The draft holds both devices' edits; publishing it again gives version 3 with both.
		const next = publishTemplate(b, ID, bob, T0 + 30);
		expect(next.version).toBe(3);
		const texts = next.areas.flatMap((area) => area.items.map((item) => item.text));
		expect(texts).toContain('消防栓是否有水');
		expect(texts).not.toContain('校内是否杜绝学生使用明火');
	});
});

describe('the v2 migration', () => {
	/** A workspace written by an app of schema 1: the seeded template and no draft. */
	function schemaOne(): Y.Doc {
		const doc = new Y.Doc();
		doc.transact(() => doc.getMap('workspace').set('name', '集善中学'));
		Y.applyUpdate(doc, templateSeed(SEED_TEMPLATE));
		Y.applyUpdate(doc, versionMarker(1));
		return doc;
	}

	it('seeds the draft alike on two devices, so edits made after it merge', () => {
		const a = schemaOne();
		const b = new Y.Doc();
		syncAll(a, b);
		expect(readDraft(a, ID)).toBeNull();
		migrate(a);
		expect(ensureDraft(b, ID, bob)).toBe(true);
		editDraftItem(a, ID, SWITCHES, '电源开关是否完好', alice);
		addDraftItem(b, ID, 'food', '食堂是否持证经营', bob);
		syncAll(a, b);
		expect(readWorkspace(a)?.schemaVersion).toBe(2);
		expect(readDraft(a, ID)).toEqual(readDraft(b, ID));
		const food = draft(a)
			.areas.find((area) => area.id === 'food')!
			.items.map((i) => i.text);
		expect(food).toEqual([
			'学校环境卫生是否坚持每日清扫',
			'电源开关是否完好',
			'学校班级用水是否卫生',
			'食堂是否持证经营'
		]);
		expect(ensureDraft(new Y.Doc(), ID, bob)).toBe(false);
	});
});
