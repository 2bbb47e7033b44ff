import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addItemPhoto,
	answerItem,
	currentAnswer,
	initRound,
	readItem,
	readRound,
	removeItemPhoto,
	NOTE_MAX,
	setItemNote,
	type AnswerEntry,
	type ChecklistItemView,
	type RoundView
} from '../../src/lib/model/inspection.ts';
import { deviceKindOf } from '../../src/lib/model/photos.ts';
import { SEED_TEMPLATE, type ChecklistTemplate } from '../../src/lib/model/templates.ts';
import { alice, bob, expectModelError, photoHash, recordOrigins, syncAll } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 3, 1, 0, 0);

function newRound(id = 'round-1', template: ChecklistTemplate = SEED_TEMPLATE): Y.Doc {
	const doc = new Y.Doc();
	initRound(doc, { id, title: '2026年11月 月度安全检查', month: '2026-11', template, actor: alice, now: T0 });
	return doc;
}

function round(doc: Y.Doc): RoundView {
	const view = readRound(doc);
	if (view === null) throw new Error('round not initialised');
	return view;
}

function itemIds(doc: Y.Doc): string[] {
	return round(doc).areas.flatMap((a) => a.items.map((i) => i.id));
}

function firstItem(doc: Y.Doc): string {
	const id = itemIds(doc)[0];
	if (id === undefined) throw new Error('no items');
	return id;
}

describe('initRound', () => {
	it('copies the template: areas and items in order, with provenance and fresh ids', () => {
		const view = round(newRound());
		expect(view.title).toBe('2026年11月 月度安全检查');
		expect(view.month).toBe('2026-11');
		expect(view.createdBy).toEqual(alice);
		expect(view.createdAt).toBe(T0);
		expect(view.templateId).toBe(SEED_TEMPLATE.id);
		expect(view.templateVersion).toBe(SEED_TEMPLATE.version);
		expect(view.areas.map((a) => a.title)).toEqual([
			'校舍及设施设备',
			'食品卫生',
			'消防安全',
			'学生路途安全'
		]);
		for (const [i, area] of view.areas.entries()) {
			const source = SEED_TEMPLATE.areas[i];
			expect(area.items.map((item) => item.text)).toEqual(source?.items.map((item) => item.text));
			expect(area.items.map((item) => item.templateItemId)).toEqual(source?.items.map((item) => item.id));
			for (const item of area.items) {
				expect(item.areaId).toBe(area.id);
				expect(item.id).not.toBe(item.templateItemId);
				expect(item).toMatchObject({ answer: null, history: [], note: '', photos: [] });
			}
		}
		expect(view.progress).toEqual({ total: 18, answered: 0, pass: 0, fail: 0, na: 0, conflicts: 0 });
	});

	it('keeps its copy when the template changes later', () => {
		const template = structuredClone(SEED_TEMPLATE);
		const doc = newRound('round-1', template);
		const before = round(doc);
		template.areas[0]!.items[0]!.text = '改过的问题';
		template.areas.pop();
		template.version = 2;
		expect(round(doc)).toEqual(before);
	});

	it('gives each round its own item ids', () => {
		const a = itemIds(newRound('round-a'));
		const b = itemIds(newRound('round-b'));
		expect(a.filter((id) => b.includes(id))).toEqual([]);
	});

	it('is idempotent: a second call does nothing', () => {
		const doc = newRound();
		const state = Y.encodeStateVector(doc);
		initRound(doc, {
			id: 'round-1',
			title: '另一个标题',
			month: '2026-12',
			template: SEED_TEMPLATE,
			actor: bob
		});
		expect(Y.encodeStateVector(doc)).toEqual(state);
		expect(round(doc).title).toBe('2026年11月 月度安全检查');
	});

	it('merges two devices initialising the same round into one checklist', () => {
		const a = newRound();
		const b = newRound();
		const itemA = firstItem(a);
		answerItem(a, itemA, 'pass', alice, T0 + 1);
		answerItem(b, itemA, 'fail', bob, T0 + 2);
		syncAll(a, b);
		expect(round(a)).toEqual(round(b));
		expect(round(a).progress.total).toBe(18);
		expect(readItem(a, itemA)?.history).toHaveLength(2);
	});

	it('writes in one transaction with a local origin', () => {
		const doc = new Y.Doc();
		const origins = recordOrigins(doc);
		initRound(doc, { id: 'r', title: 't', month: '2026-01', template: SEED_TEMPLATE, actor: alice });
		expect(origins).toEqual([{ source: 'local', actor: alice }]);
		expect(doc.clientID).toBeTypeOf('number');
	});

	it('validates its input', () => {
		const base = { id: 'r', title: '检查', month: '2026-11', template: SEED_TEMPLATE, actor: alice };
		const doc = new Y.Doc();
		expectModelError(() => initRound(doc, { ...base, month: '2026-13' }), 'invalid_month', {
			field: 'month'
		});
		expectModelError(() => initRound(doc, { ...base, month: '2026-1' }), 'invalid_month');
		expectModelError(() => initRound(doc, { ...base, month: '202611' }), 'invalid_month');
		expectModelError(() => initRound(doc, { ...base, title: '   ' }), 'required', { field: 'roundTitle' });
		expectModelError(() => initRound(doc, { ...base, title: '检'.repeat(101) }), 'too_long', {
			field: 'roundTitle',
			max: 100
		});
		expectModelError(() => initRound(doc, { ...base, id: 'bad/id' }), 'invalid_id', { field: 'roundId' });
		expectModelError(() => initRound(doc, { ...base, actor: { id: '', name: 'x' } }), 'no_actor');
		const duplicate = structuredClone(SEED_TEMPLATE);
		duplicate.areas[1]!.items[0]!.id = 'building-walls';
		expectModelError(() => initRound(doc, { ...base, template: duplicate }), 'already_exists', {
			field: 'itemId'
		});
		expect(readRound(doc)).toBeNull();
		initRound(doc, { ...base, title: '  有空格  ' });
		expect(round(doc).title).toBe('有空格');
	});
});

describe('answers', () => {
	it('latest answer wins and history keeps every entry', () => {
		const doc = newRound();
		const item = firstItem(doc);
		answerItem(doc, item, 'pass', alice, T0 + 10);
		answerItem(doc, item, 'fail', bob, T0 + 20);
		const view = readItem(doc, item);
		expect(view?.answer).toMatchObject({ value: 'fail', by: bob.id, byName: bob.name, at: T0 + 20 });
		expect(view?.history.map((e) => e.value)).toEqual(['pass', 'fail']);
	});

	it('breaks ties deterministically: member id, then entry id', () => {
		const e = (id: string, by: string, at = 5): AnswerEntry => ({ id, value: 'pass', by, byName: by, at });
		const entries = [e('x', 'member-a'), e('b', 'member-b'), e('a', 'member-b'), e('z', 'member-z', 4)];
		// Every rotation and its reverse: the pick must not depend on arrival order.
		for (let i = 0; i < entries.length; i++) {
			const rotated = [...entries.slice(i), ...entries.slice(0, i)];
			expect(currentAnswer(rotated)?.id).toBe('b');
			expect(currentAnswer(rotated.reverse())?.id).toBe('b');
		}
		expect(currentAnswer([])).toBeNull();
	});

	it('clearing records an entry and leaves the item unanswered', () => {
		const doc = newRound();
		const item = firstItem(doc);
		answerItem(doc, item, 'fail', alice, T0 + 1);
		const cleared = answerItem(doc, item, null, alice, T0 + 2);
		expect(cleared.value).toBeNull();
		const view = readItem(doc, item);
		expect(view?.answer).toBeNull();
		expect(view?.history.map((h) => h.value)).toEqual(['fail', null]);
		expect(round(doc).progress).toMatchObject({ answered: 0, fail: 0 });
	});

	it('a new answer supersedes one stamped by a device whose clock runs ahead', () => {
		const doc = newRound();
		const item = firstItem(doc);
		answerItem(doc, item, 'fail', bob, T0 + 60_000);
		const entry = answerItem(doc, item, 'pass', alice, T0);
		expect(entry.at).toBe(T0 + 60_001);
		expect(readItem(doc, item)?.answer?.value).toBe('pass');
	});

	it('concurrent answers on two offline devices converge and both stay in history', () => {
		const a = newRound();
		const b = new Y.Doc();
		syncAll(a, b);
		const item = firstItem(a);
		answerItem(a, item, 'pass', alice, T0 + 100);
		answerItem(b, item, 'fail', bob, T0 + 100);
		syncAll(a, b);
		expect(round(a)).toEqual(round(b));
		const view = readItem(a, item);
		// Given without seeing each other and disagreeing: a conflict with both, no answer picked.
		expect(view?.answer).toBeNull();
		expect(view?.conflict.map((e) => [e.value, e.by])).toEqual([
			['pass', alice.id],
			['fail', bob.id]
		]);
		expect(view?.history).toHaveLength(2);
		expect(round(a).progress).toMatchObject({ answered: 0, conflicts: 1, pass: 0, fail: 0 });

		// Someone who saw both answers again: that settles it, everywhere.
		answerItem(b, item, 'fail', bob, T0 + 200);
		syncAll(a, b);
		expect(readItem(a, item)?.conflict).toEqual([]);
		expect(readItem(a, item)?.answer).toMatchObject({ value: 'fail', by: bob.id });
		expect(round(a).progress).toMatchObject({ answered: 1, conflicts: 0, fail: 1 });
	});

	it('answers that agree, or that follow each other, are no conflict', () => {
		const a = newRound();
		const b = new Y.Doc();
		syncAll(a, b);
		const item = firstItem(a);
		answerItem(a, item, 'pass', alice, T0 + 100);
		answerItem(b, item, 'pass', bob, T0 + 100);
		syncAll(a, b);
		expect(readItem(a, item)?.conflict).toEqual([]);
		expect(readItem(a, item)?.answer).toMatchObject({ value: 'pass' });
		// Seen, then changed: sequential, the later answer is current.
		answerItem(a, item, 'fail', alice, T0 + 300);
		syncAll(a, b);
		expect(readItem(b, item)?.answer).toMatchObject({ value: 'fail', by: alice.id });
		expect(readItem(b, item)?.conflict).toEqual([]);
	});

	it('reads histories written before conflicts were tracked as latest-wins', () => {
		const doc = newRound();
		const item = firstItem(doc);
		const answers = doc.getMap<Y.Map<unknown>>('items').get(item)!.get('answers') as Y.Array<unknown>;
		doc.transact(() => {
			answers.push([{ id: 'old-1', value: 'fail', by: bob.id, byName: bob.name, at: T0 + 1 }]);
			answers.push([{ id: 'old-2', value: 'pass', by: alice.id, byName: alice.name, at: T0 + 2 }]);
		});
		expect(readItem(doc, item)?.conflict).toEqual([]);
		expect(readItem(doc, item)?.answer).toMatchObject({ id: 'old-2', value: 'pass' });
	});

	it('counts progress per round and per area', () => {
		const doc = newRound();
		const [b1, b2, b3] = round(doc).areas[0]!.items.map((i) => i.id);
		const fire = round(doc).areas[2]!.items[0]!.id;
		answerItem(doc, b1!, 'pass', alice, T0);
		answerItem(doc, b2!, 'fail', alice, T0);
		answerItem(doc, b3!, 'na', alice, T0);
		answerItem(doc, fire, 'pass', alice, T0);
		answerItem(doc, fire, 'fail', alice, T0);
		const view = round(doc);
		expect(view.progress).toEqual({ total: 18, answered: 4, pass: 1, fail: 2, na: 1, conflicts: 0 });
		expect(view.areas.map((a) => a.answered)).toEqual([3, 0, 1, 0]);
	});

	it('rejects unknown items and values, with one local transaction per answer', () => {
		const doc = newRound();
		expectModelError(() => answerItem(doc, 'nope', 'pass', alice), 'unknown_record', {
			record: 'checklistItem'
		});
		expectModelError(() => answerItem(doc, firstItem(doc), 'yes' as never, alice), 'not_one_of', {
			field: 'answer'
		});
		const origins = recordOrigins(doc);
		answerItem(doc, firstItem(doc), 'pass', alice);
		expect(origins).toEqual([{ source: 'local', actor: alice }]);
	});
});

describe('notes', () => {
	it('concurrent typing merges character by character', () => {
		const a = newRound();
		const b = new Y.Doc();
		const item = firstItem(a);
		setItemNote(a, item, '东侧围墙', alice);
		syncAll(a, b);
		setItemNote(a, item, '东侧围墙有裂缝', alice);
		setItemNote(b, item, '教学楼东侧围墙', bob);
		syncAll(a, b);
		expect(readItem(a, item)?.note).toBe('教学楼东侧围墙有裂缝');
		expect(readItem(b, item)?.note).toBe('教学楼东侧围墙有裂缝');
	});

	it('writes only the changed span and rejects overlong notes', () => {
		const doc = newRound();
		const item = firstItem(doc);
		setItemNote(doc, item, 'abcdef', alice);
		const deltas: unknown[] = [];
		const note = (doc.getMap('items').get(item) as Y.Map<unknown>).get('note') as Y.Text;
		note.observe((event) => deltas.push(event.delta));
		setItemNote(doc, item, 'abXYef', alice);
		expect(deltas).toEqual([[{ retain: 2 }, { delete: 2 }, { insert: 'XY' }]]);
		expectModelError(() => setItemNote(doc, 'nope', 'x', alice), 'unknown_record', {
			record: 'checklistItem'
		});
	});

	it('refuses a note over the limit without writing or cutting anything', () => {
		const doc = newRound();
		const item = firstItem(doc);
		expect(setItemNote(doc, item, 'x'.repeat(NOTE_MAX), alice)).toBe('saved');
		expect(setItemNote(doc, item, 'x'.repeat(NOTE_MAX), alice)).toBe('unchanged');
		expect(setItemNote(doc, item, 'y'.repeat(NOTE_MAX + 1), alice)).toBe('too_long');
		expect(readItem(doc, item)?.note).toBe('x'.repeat(NOTE_MAX));
	});

	it('lets a note merged past the limit be edited and shortened, never emptied', () => {
		const a = newRound();
		const b = new Y.Doc();
		syncAll(a, b);
		const item = firstItem(a);
		setItemNote(a, item, 'a'.repeat(1500), alice);
		setItemNote(b, item, 'b'.repeat(1500), bob);
		syncAll(a, b);
		const merged = readItem(a, item)?.note ?? '';
		expect(merged).toHaveLength(3000);
		// Typing one more character into an over-long note is refused; the stored text stays whole.
		expect(setItemNote(a, item, `${merged}c`, alice)).toBe('too_long');
		expect(readItem(a, item)?.note).toBe(merged);
		// Editing in place and deleting are allowed, and only what was deleted goes.
		expect(setItemNote(a, item, merged.slice(0, 2999), alice)).toBe('saved');
		expect(setItemNote(a, item, merged.slice(0, 1800), alice)).toBe('saved');
		expect(readItem(a, item)?.note).toBe(merged.slice(0, 1800));
	});
});

describe('photos', () => {
	const photoHashes = (view: ChecklistItemView | null) => (view?.photos ?? []).map((photo) => photo.hash);

	it('adds, dedupes, merges concurrent additions and removes', () => {
		const a = newRound();
		const b = new Y.Doc();
		syncAll(a, b);
		const item = firstItem(a);
		addItemPhoto(a, item, photoHash(1), alice, 'phone', 1000);
		addItemPhoto(a, item, photoHash(1), alice, 'phone', 2000);
		addItemPhoto(b, item, photoHash(2), bob, 'computer', 1500);
		syncAll(a, b);
		expect(readItem(a, item)?.photos).toEqual(readItem(b, item)?.photos);
		expect(photoHashes(readItem(a, item)).sort()).toEqual([photoHash(1), photoHash(2)]);
		removeItemPhoto(a, item, photoHash(1), alice);
		syncAll(a, b);
		expect(photoHashes(readItem(b, item))).toEqual([photoHash(2)]);
		expectModelError(() => addItemPhoto(a, item, 'not-a-hash', alice, 'phone'), 'invalid_photo');
	});

	it('records who added a photo from what device, and only they may remove it', () => {
		const a = newRound();
		const b = new Y.Doc();
		syncAll(a, b);
		const item = firstItem(a);
		addItemPhoto(a, item, photoHash(3), alice, 'phone', 5000);
		syncAll(a, b);
		expect(readItem(b, item)?.photos).toEqual([
			{ hash: photoHash(3), info: { by: alice.id, byName: alice.name, device: 'phone', at: 5000 } }
		]);
		expectModelError(() => removeItemPhoto(b, item, photoHash(3), bob), 'not_author');
		expect(photoHashes(readItem(b, item))).toEqual([photoHash(3)]);
		removeItemPhoto(b, item, photoHash(3), alice);
		expect(photoHashes(readItem(b, item))).toEqual([]);
	});

	it('tells phones, tablets and computers apart by their user agent', () => {
		const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148';
		const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/120.0 Mobile Safari/537.36';
		const tablet = 'Mozilla/5.0 (Linux; Android 13; SM-X200) Chrome/120.0 Safari/537.36';
		const desktop = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36';
		expect([iphone, android, tablet, desktop].map(deviceKindOf)).toEqual([
			'phone',
			'phone',
			'tablet',
			'computer'
		]);
	});
});
