import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addHazardPhoto,
	findHazardsBySource,
	foldHazard,
	getHazard,
	hazardReads,
	listHazards,
	moveHazard,
	registerHazard,
	removeHazardPhoto,
	reportHazard,
	setHazardText,
	updateHazard,
	type HazardState,
	type TransitionEntry
} from '../../src/lib/model/ledger.ts';
import { readPhotoInfo } from '../../src/lib/model/photos.ts';
import type { ReadProblem } from '../../src/lib/model/read.ts';
import { checkDocument, checkTransaction, defineRoots } from '../../src/lib/model/schema/check.ts';
import { expectModelError, photoHash, syncAll } from './helpers.ts';
import {
	OWNERS,
	T0,
	basic,
	generalAffairs,
	inspector,
	leader,
	office,
	registered,
	security,
	viewer
} from './ledger-helpers.ts';

const entry = (id: string, from: HazardState, to: HazardState, at: number): TransitionEntry => ({
	id,
	from,
	to,
	by: 'm',
	byName: 'm',
	at,
	comment: '',
	photos: [],
	deadline: null
});

describe('foldHazard', () => {
	it('runs the loop to closed through verified, with a rejection on the way', () => {
		const fold = foldHazard([
			entry('e', 'verified', 'closed', 6),
			entry('a', 'registered', 'rectifying', 1),
			entry('b', 'rectifying', 'awaiting_reinspection', 2),
			entry('r', 'awaiting_reinspection', 'rectifying', 3),
			entry('b2', 'rectifying', 'awaiting_reinspection', 4),
			entry('p', 'awaiting_reinspection', 'verified', 5)
		]);
		expect(fold.state).toBe('closed');
		expect(fold.timeline.map((e) => [e.id, e.move, e.mark])).toEqual([
			['a', 'start', 'applied'],
			['b', 'submit', 'applied'],
			['r', 'reject', 'applied'],
			['b2', 'submit', 'applied'],
			['p', 'pass', 'applied'],
			['e', 'close', 'applied']
		]);
	});

	it('keeps the first version’s direct close legal, so stored logs fold as they always did', () => {
		const fold = foldHazard([
			entry('a', 'registered', 'rectifying', 1),
			entry('b', 'rectifying', 'awaiting_reinspection', 2),
			entry('c', 'awaiting_reinspection', 'closed', 3)
		]);
		expect(fold.state).toBe('closed');
		expect(fold.timeline[2]?.move).toBe('passAndClose');
	});

	it('marks a lost race superseded and an impossible move illegal', () => {
		const fold = foldHazard([
			entry('a', 'registered', 'closed', 1),
			entry('b', 'registered', 'rectifying', 2),
			entry('c', 'registered', 'rectifying', 3)
		]);
		expect(fold.state).toBe('rectifying');
		expect(fold.timeline.map((e) => [e.id, e.mark])).toEqual([
			['a', 'illegal'],
			['b', 'applied'],
			['c', 'superseded']
		]);
		expect(foldHazard([]).state).toBe('registered');
	});

	it('orders by (at, id) whatever the log order', () => {
		const log = [
			entry('b', 'awaiting_reinspection', 'verified', 5),
			entry('a', 'awaiting_reinspection', 'rectifying', 5),
			entry('x', 'rectifying', 'awaiting_reinspection', 2),
			entry('w', 'registered', 'rectifying', 1)
		];
		expect(foldHazard(log)).toEqual(foldHazard([...log].reverse()));
		expect(foldHazard(log).state).toBe('rectifying');
	});
});

describe('registerHazard', () => {
	it('records the reporter as the author of their own photos, and keeps the authors it is given', () => {
		const doc = new Y.Doc();
		const item = { by: 'someone-else', byName: '黄春', device: 'phone' as const, at: T0 - 60_000 };
		registerHazard(
			doc,
			{ ...basic, photos: [photoHash(1), photoHash(2), photoHash(3)] },
			inspector,
			'B',
			T0,
			{
				device: 'tablet',
				photoAuthors: [
					{ hash: photoHash(2), info: item },
					{ hash: photoHash(3), info: null }
				]
			}
		);
		expect(readPhotoInfo(doc, photoHash(1))).toEqual({
			by: inspector.id,
			byName: inspector.name,
			device: 'tablet',
			at: T0
		});
		expect(readPhotoInfo(doc, photoHash(2))).toEqual(item);
		// Said to be unknown: not made the reporter's.
		expect(readPhotoInfo(doc, photoHash(3))).toBeNull();
	});

	it('stores every field of the ledger and starts registered', () => {
		const doc = new Y.Doc();
		const hazard = registerHazard(
			doc,
			{
				...basic,
				level: '重大',
				domain: 'school-buildings',
				ownerDept: 'general-affairs',
				ownerPerson: '王晓华',
				deadline: '2026-11-10',
				measures: '清理杂物，设置禁止堆放标识',
				funds: 1500.5,
				interimMeasures: '拉警戒线',
				remarks: '月度检查发现',
				photos: [photoHash(1)],
				source: { roundId: 'round-1', itemId: 'fire-exits-1234abcd' },
				id: 'h1'
			},
			inspector,
			'C',
			T0
		);
		expect(hazard).toMatchObject({
			id: 'h1',
			number: '2026-11-C-001',
			place: basic.place,
			description: basic.description,
			level: '重大',
			domain: 'school-buildings',
			ownerDept: 'general-affairs',
			ownerPerson: '王晓华',
			deadline: '2026-11-10',
			measures: '清理杂物，设置禁止堆放标识',
			funds: 1500.5,
			interimMeasures: '拉警戒线',
			remarks: '月度检查发现',
			foundAt: T0,
			foundBy: { id: inspector.id, name: inspector.name },
			photos: [photoHash(1)],
			state: 'registered',
			report: null,
			timeline: [],
			rectification: null,
			reinspection: null,
			notFixed: null,
			closed: null
		});
		expect(findHazardsBySource(doc, 'round-1', 'fire-exits-1234abcd').map((h) => h.id)).toEqual(['h1']);
		expect(findHazardsBySource(doc, 'round-1', 'other')).toEqual([]);
	});

	it('validates input, and only members who write the ledger register', () => {
		const doc = new Y.Doc();
		const reg = (extra: object, by = inspector, space = 'B') =>
			registerHazard(doc, { ...basic, ...extra }, by, space, T0);
		expectModelError(() => reg({ place: ' ' }), 'required', { field: 'place' });
		expectModelError(() => reg({ description: '' }), 'required', { field: 'description' });
		expectModelError(() => reg({ level: '特大' }), 'not_one_of', { field: 'level' });
		expectModelError(() => reg({ deadline: '2026-02-30' }), 'invalid_date', { field: 'deadline' });
		expectModelError(() => reg({ funds: -1 }), 'invalid_amount', { field: 'funds' });
		expectModelError(() => reg({ funds: 1.005 }), 'invalid_amount', { field: 'funds' });
		expectModelError(() => reg({ ownerPerson: '名'.repeat(51) }), 'too_long', { field: 'ownerPerson' });
		expectModelError(() => reg({ photos: ['x'] }), 'invalid_photo');
		expectModelError(() => reg({}, leader), 'not_allowed', { record: 'hazard' });
		expectModelError(() => reg({}, viewer), 'not_allowed');
		expectModelError(() => reg({}, inspector, 'a1'), 'invalid_id', { field: 'numberSpace' });
		reg({ id: 'dup' });
		expectModelError(() => reg({ id: 'dup' }), 'already_exists', { record: 'hazard' });
		expect(listHazards(doc)).toHaveLength(1);
		expect(reg({ funds: 0.1 + 0.2 }).funds).toBe(0.3);
	});

	it('reads one record for one hazard, never the ledger', () => {
		const doc = new Y.Doc();
		for (let i = 0; i < 50; i++) registered(doc);
		const { id } = registered(doc);
		const before = hazardReads.count;
		expect(getHazard(doc, id)?.id).toBe(id);
		expect(getHazard(doc, 'nope')).toBeNull();
		expect(hazardReads.count - before).toBe(1);
	});
});

describe('editing a hazard', () => {
	it('lets each member change what the rules give them, and refuses the rest whole', () => {
		const { doc, id } = registered();
		updateHazard(doc, id, { place: '东侧通道' }, inspector, OWNERS);
		expectModelError(() => updateHazard(doc, id, { place: 'x' }, security, OWNERS), 'not_allowed', {
			field: 'place'
		});
		expectModelError(() => updateHazard(doc, id, { level: '重大' }, inspector, OWNERS), 'not_allowed', {
			field: 'level'
		});
		expectModelError(
			() => updateHazard(doc, id, { funds: 200, ownerDept: 'security' }, generalAffairs, OWNERS),
			'not_allowed',
			{ field: 'ownerDept' }
		);
		expect(getHazard(doc, id)?.funds).toBeNull();
		updateHazard(
			doc,
			id,
			{ funds: 200, ownerPerson: '王师傅', interimMeasures: '警示牌' },
			generalAffairs,
			OWNERS
		);
		updateHazard(
			doc,
			id,
			{ level: '重大', ownerDept: 'security', deadline: '2026-11-20', remarks: '加急' },
			office,
			OWNERS
		);
		// Named owner department: general affairs is no longer responsible, security is.
		expectModelError(() => updateHazard(doc, id, { funds: 300 }, generalAffairs, OWNERS), 'not_allowed');
		updateHazard(doc, id, { funds: 300 }, security, OWNERS);
		expect(getHazard(doc, id)).toMatchObject({
			place: '东侧通道',
			level: '重大',
			ownerDept: 'security',
			ownerPerson: '王师傅',
			interimMeasures: '警示牌',
			funds: 300,
			deadline: '2026-11-20',
			remarks: '加急'
		});
		expectModelError(() => updateHazard(doc, id, { deadline: 'tomorrow' }, office, OWNERS), 'invalid_date', {
			field: 'deadline'
		});
	});

	it('does not rewrite a value that did not change, so a saved form keeps another device’s edits', () => {
		const a = registered();
		const b = new Y.Doc();
		syncAll(a.doc, b);
		updateHazard(b, a.id, { ownerPerson: '王师傅' }, generalAffairs, OWNERS);
		updateHazard(a.doc, a.id, { ownerPerson: '', funds: 50 }, generalAffairs, OWNERS);
		syncAll(a.doc, b);
		expect(getHazard(a.doc, a.id)).toMatchObject({ ownerPerson: '王师傅', funds: 50 });
	});

	it('merges description and measures typed on two devices, and unions photos', () => {
		const a = registered(new Y.Doc(), {}, office);
		const b = new Y.Doc();
		syncAll(a.doc, b);
		setHazardText(a.doc, a.id, 'description', '通道堆放杂物，影响疏散。已通知总务处', office, OWNERS);
		setHazardText(b, a.id, 'description', '一楼通道堆放杂物，影响疏散', office, OWNERS);
		setHazardText(a.doc, a.id, 'measures', '清理杂物', generalAffairs, OWNERS);
		setHazardText(b, a.id, 'measures', '设置标识', office, OWNERS);
		addHazardPhoto(b, a.id, photoHash(9), office, OWNERS, 'phone', T0);
		addHazardPhoto(a.doc, a.id, photoHash(8), office, OWNERS, 'computer', T0);
		syncAll(a.doc, b);
		const hazard = getHazard(b, a.id);
		expect(hazard).toEqual(getHazard(a.doc, a.id));
		expect(hazard?.description).toBe('一楼通道堆放杂物，影响疏散。已通知总务处');
		expect(hazard?.measures).toHaveLength('清理杂物设置标识'.length);
		expect(new Set(hazard?.photos)).toEqual(new Set([photoHash(8), photoHash(9)]));
		removeHazardPhoto(a.doc, a.id, photoHash(8), office, OWNERS);
		expect(getHazard(a.doc, a.id)?.photos).toEqual([photoHash(9)]);
		expectModelError(
			() => setHazardText(a.doc, a.id, 'measures', 'x', security, new Map([['food-hygiene', []]])),
			'not_allowed',
			{ field: 'measures' }
		);
		expectModelError(
			() => setHazardText(a.doc, a.id, 'description', '长'.repeat(2001), office, OWNERS),
			'too_long',
			{ field: 'description', max: 2000 }
		);
	});

	it('records who added a photo of the finding, and lets only them remove it', () => {
		const a = registered();
		const b = new Y.Doc();
		syncAll(a.doc, b);
		addHazardPhoto(a.doc, a.id, photoHash(3), inspector, OWNERS, 'phone', T0 + 5);
		expectModelError(
			() => addHazardPhoto(a.doc, a.id, photoHash(4), generalAffairs, OWNERS, 'phone'),
			'not_allowed',
			{ field: 'photos' }
		);
		syncAll(a.doc, b);
		expect(readPhotoInfo(b, photoHash(3))).toEqual({
			by: inspector.id,
			byName: inspector.name,
			device: 'phone',
			at: T0 + 5
		});
		// Adding it again changes nothing, not even who is recorded.
		addHazardPhoto(b, a.id, photoHash(3), office, OWNERS, 'computer', T0 + 9);
		expect(readPhotoInfo(b, photoHash(3))?.by).toBe(inspector.id);
		expect(getHazard(b, a.id)?.photos).toEqual([photoHash(3)]);
		expectModelError(() => removeHazardPhoto(b, a.id, photoHash(3), office, OWNERS), 'not_author', {
			field: 'photo'
		});
		removeHazardPhoto(b, a.id, photoHash(3), inspector, OWNERS);
		expect(getHazard(b, a.id)?.photos).toEqual([]);
	});

	it('records who took a move’s photos in the move’s own transaction', () => {
		const { doc, id } = registered();
		const updates: Uint8Array[] = [];
		moveHazard(doc, id, 'start', generalAffairs, OWNERS, { now: T0 + 1 });
		doc.on('update', (update: Uint8Array) => updates.push(update));
		const entry = moveHazard(doc, id, 'submit', generalAffairs, OWNERS, {
			comment: '已清理',
			photos: [photoHash(5), photoHash(6)],
			device: 'tablet',
			now: T0 + 2
		});
		expect(updates).toHaveLength(1);
		for (const hash of [photoHash(5), photoHash(6)])
			expect(readPhotoInfo(doc, hash)).toEqual({
				by: generalAffairs.id,
				byName: generalAffairs.name,
				device: 'tablet',
				at: entry.at
			});
		// Without a device kind (tools), the photos go into the log and no author is recorded.
		moveHazard(doc, id, 'reject', inspector, OWNERS, { comment: '未清理干净', photos: [photoHash(7)] });
		expect(readPhotoInfo(doc, photoHash(7))).toBeNull();
		expect(checkDocument('ledger', doc)).toEqual([]);
	});

	it('records the report of a 重大 hazard, by the office', () => {
		const { doc, id } = registered(new Y.Doc(), { level: '重大' });
		expectModelError(
			() => reportHazard(doc, id, { ref: '校安〔2026〕3号' }, inspector, OWNERS),
			'not_allowed',
			{
				field: 'report'
			}
		);
		reportHazard(doc, id, { ref: '校安〔2026〕3号', at: T0 + 3_600_000 }, office, OWNERS);
		expect(getHazard(doc, id)?.report).toEqual({
			at: T0 + 3_600_000,
			by: { id: office.id, name: office.name },
			ref: '校安〔2026〕3号'
		});
		const minor = registered(doc).id;
		expectModelError(() => reportHazard(doc, minor, {}, office, OWNERS), 'not_major', { field: 'level' });
	});

	it('keeps a closed entry as it was, but for its remarks', () => {
		const { doc, id } = registered();
		moveHazard(doc, id, 'start', generalAffairs, OWNERS, { now: T0 + 1 });
		moveHazard(doc, id, 'submit', generalAffairs, OWNERS, { now: T0 + 2, comment: '已清理' });
		moveHazard(doc, id, 'passAndClose', office, OWNERS, { now: T0 + 3 });
		expectModelError(() => updateHazard(doc, id, { place: 'x' }, office, OWNERS), 'already_closed', {
			field: 'place'
		});
		expectModelError(() => setHazardText(doc, id, 'measures', 'x', generalAffairs, OWNERS), 'already_closed');
		updateHazard(doc, id, { remarks: '归档' }, office, OWNERS);
		expect(getHazard(doc, id)?.remarks).toBe('归档');
	});
});

describe('records of the first app version', () => {
	/** A record as version 1 wrote it: no measures, owner person, funds … */
	function legacy(doc: Y.Doc, id = 'old-1'): void {
		doc.transact(() => {
			const rec = new Y.Map<unknown>();
			doc.getMap('hazards').set(id, rec);
			const fields = {
				number: '2026-7KQ2-003',
				createdAt: T0,
				foundAt: T0,
				place: '操场',
				foundBy: { id: 'm-old', name: '老设备' },
				domain: 'school-buildings',
				level: '一般',
				ownerDept: '',
				deadline: null,
				source: null,
				reportedAt: null
			};
			for (const [key, value] of Object.entries(fields)) rec.set(key, value);
			rec.set('description', new Y.Text('围栏松动'));
			rec.set('photos', new Y.Array());
			const log = new Y.Array<TransitionEntry>();
			rec.set('log', log);
			log.push([{ ...entry('t1', 'registered', 'rectifying', T0 + 1) }]);
		});
	}

	it('read with defaults and no problems', () => {
		const doc = new Y.Doc();
		legacy(doc);
		const problems: ReadProblem[] = [];
		expect(listHazards(doc, problems)[0]).toMatchObject({
			number: '2026-7KQ2-003',
			measures: '',
			ownerPerson: '',
			funds: null,
			interimMeasures: '',
			remarks: '',
			state: 'rectifying'
		});
		expect(problems).toEqual([]);
		expect(checkDocument('ledger', doc)).toEqual([]);
	});

	it('gain a measures text that two devices typing at once both keep', () => {
		const a = new Y.Doc();
		legacy(a);
		const b = new Y.Doc();
		defineRoots('ledger', b);
		const shapeProblems: unknown[] = [];
		b.on('afterTransaction', (tr: Y.Transaction) => shapeProblems.push(...checkTransaction('ledger', tr)));
		syncAll(a, b);
		setHazardText(a, 'old-1', 'measures', '加固围栏', office, OWNERS);
		setHazardText(b, 'old-1', 'measures', '设置警示', office, OWNERS);
		syncAll(a, b);
		const measures = getHazard(a, 'old-1')?.measures ?? '';
		expect(measures).toBe(getHazard(b, 'old-1')?.measures);
		expect([...measures].sort()).toEqual([...'加固围栏设置警示'].sort());
		expect(shapeProblems).toEqual([]);
	});
});
