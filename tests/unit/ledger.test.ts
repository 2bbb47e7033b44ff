import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addHazardPhoto,
	findHazardsBySource,
	foldHazard,
	getHazard,
	listHazards,
	markHazardReported,
	registerHazard,
	setHazardDescription,
	transitionHazard,
	updateHazard,
	type HazardState,
	type TransitionEntry
} from '../../src/lib/model/ledger.ts';
import { alice, bob, carol, expectModelError, photoHash, syncAll } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 3, 2, 0, 0);
const input = { place: '教学楼东侧消防通道', description: '通道堆放杂物，影响疏散' };

const entry = (id: string, from: HazardState, to: HazardState, at: number): TransitionEntry => ({
	id,
	from,
	to,
	by: 'm',
	byName: 'm',
	at,
	comment: '',
	photos: []
});

describe('foldHazard', () => {
	it('runs a legal sequence to closed', () => {
		const fold = foldHazard([
			entry('c', 'awaiting_reinspection', 'closed', 5),
			entry('a', 'registered', 'rectifying', 1),
			entry('b', 'rectifying', 'awaiting_reinspection', 2),
			entry('r', 'awaiting_reinspection', 'rectifying', 3),
			entry('b2', 'rectifying', 'awaiting_reinspection', 4)
		]);
		expect(fold.state).toBe('closed');
		expect(fold.closedAt).toBe(5);
		expect(fold.illegal).toEqual([]);
		expect(fold.applied.map((e) => e.id)).toEqual(['a', 'b', 'r', 'b2', 'c']);
	});

	it('marks illegal transitions and skips them', () => {
		const fold = foldHazard([
			entry('a', 'registered', 'closed', 1),
			entry('b', 'registered', 'rectifying', 2),
			entry('c', 'registered', 'rectifying', 3)
		]);
		expect(fold.state).toBe('rectifying');
		expect(fold.illegal.map((e) => e.id)).toEqual(['a', 'c']);
		expect(foldHazard([]).state).toBe('registered');
	});

	it('orders by (at, id) whatever the log order', () => {
		const log = [
			entry('b', 'awaiting_reinspection', 'closed', 5),
			entry('a', 'awaiting_reinspection', 'rectifying', 5),
			entry('x', 'rectifying', 'awaiting_reinspection', 2),
			entry('w', 'registered', 'rectifying', 1)
		];
		const forward = foldHazard(log);
		const backward = foldHazard([...log].reverse());
		expect(forward).toEqual(backward);
		expect(forward.state).toBe('rectifying');
		expect(forward.illegal.map((e) => e.id)).toEqual(['b']);
	});
});

describe('registerHazard', () => {
	it('stores the fields and starts registered', () => {
		const doc = new Y.Doc();
		const hazard = registerHazard(
			doc,
			{
				...input,
				level: '重大',
				domain: 'school-buildings',
				ownerDept: 'general-affairs',
				deadline: '2026-11-10',
				photos: [photoHash(1)],
				source: { roundId: 'round-1', itemId: 'fire-exits-1234abcd' },
				id: 'h1'
			},
			alice,
			T0
		);
		expect(hazard).toMatchObject({
			id: 'h1',
			place: input.place,
			description: input.description,
			level: '重大',
			domain: 'school-buildings',
			ownerDept: 'general-affairs',
			deadline: '2026-11-10',
			foundAt: T0,
			foundBy: alice,
			photos: [photoHash(1)],
			state: 'registered',
			reportedAt: null,
			closedAt: null,
			numberClash: false
		});
		expect(hazard.number).toMatch(/^2026-[0-9A-Z]{4}-001$/);
		expect(findHazardsBySource(doc, 'round-1', 'fire-exits-1234abcd').map((h) => h.id)).toEqual(['h1']);
		expect(findHazardsBySource(doc, 'round-1', 'other')).toEqual([]);
	});

	it('numbers per member and year: unique across members registering offline at once', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const a1 = registerHazard(a, input, alice, T0);
		const a2 = registerHazard(a, input, alice, T0 + 1);
		const b1 = registerHazard(b, input, bob, T0);
		syncAll(a, b);
		expect(a2.number.endsWith('-002')).toBe(true);
		const numbers = listHazards(a).map((h) => h.number);
		expect(new Set(numbers).size).toBe(3);
		expect(numbers).toContain(a1.number);
		expect(numbers).toContain(b1.number);
		expect(listHazards(a).every((h) => !h.numberClash)).toBe(true);
		// The year follows China time: 2026-12-31 17:00 UTC is already 2027 in Kunshan.
		expect(registerHazard(a, input, carol, Date.UTC(2026, 11, 31, 17)).number).toMatch(/^2027-/);
	});

	it('flags a clash when one member registers on two offline devices', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		registerHazard(a, input, alice, T0);
		registerHazard(b, input, alice, T0);
		syncAll(a, b);
		expect(listHazards(a).map((h) => h.numberClash)).toEqual([true, true]);
		// Numbers are never rewritten; the next one continues after both.
		expect(registerHazard(a, input, alice, T0 + 5).number.endsWith('-002')).toBe(true);
	});

	it('validates input', () => {
		const doc = new Y.Doc();
		expectModelError(() => registerHazard(doc, { ...input, place: ' ' }, alice), 'required', {
			field: 'place'
		});
		expectModelError(() => registerHazard(doc, { ...input, description: '' }, alice), 'required', {
			field: 'description'
		});
		expectModelError(() => registerHazard(doc, { ...input, level: '特大' as never }, alice), 'not_one_of', {
			field: 'level'
		});
		expectModelError(() => registerHazard(doc, { ...input, deadline: '2026-02-30' }, alice), 'invalid_date', {
			field: 'deadline'
		});
		expectModelError(() => registerHazard(doc, { ...input, photos: ['x'] }, alice), 'invalid_photo');
		registerHazard(doc, { ...input, id: 'dup' }, alice);
		expectModelError(() => registerHazard(doc, { ...input, id: 'dup' }, alice), 'already_exists', {
			record: 'hazard'
		});
		expect(listHazards(doc)).toHaveLength(1);
	});
});

describe('transitionHazard', () => {
	function registered(doc = new Y.Doc()): { doc: Y.Doc; id: string } {
		return { doc, id: registerHazard(doc, input, alice, T0).id };
	}

	it('walks the closed loop, with rejection sending it back', () => {
		const { doc, id } = registered();
		transitionHazard(doc, id, 'rectifying', bob, { now: T0 + 1 });
		transitionHazard(doc, id, 'awaiting_reinspection', bob, { now: T0 + 2, photos: [photoHash(3)] });
		expectModelError(() => transitionHazard(doc, id, 'rectifying', alice, { now: T0 + 3 }), 'required', {
			field: 'reason'
		});
		transitionHazard(doc, id, 'rectifying', alice, { now: T0 + 3, comment: '杂物未清理干净' });
		transitionHazard(doc, id, 'awaiting_reinspection', bob, { now: T0 + 4 });
		transitionHazard(doc, id, 'closed', alice, { now: T0 + 5, comment: '复查合格' });
		const hazard = getHazard(doc, id);
		expect(hazard?.state).toBe('closed');
		expect(hazard?.closedAt).toBe(T0 + 5);
		expect(hazard?.log.map((e) => e.to)).toEqual([
			'rectifying',
			'awaiting_reinspection',
			'rectifying',
			'awaiting_reinspection',
			'closed'
		]);
		expect(hazard?.log[1]?.photos).toEqual([photoHash(3)]);
	});

	it('refuses moves that are illegal from the current state', () => {
		const { doc, id } = registered();
		expectModelError(() => transitionHazard(doc, id, 'closed', alice), 'illegal_transition', {
			from: 'registered',
			to: 'closed'
		});
		expectModelError(() => transitionHazard(doc, 'nope', 'rectifying', alice), 'unknown_record', {
			record: 'hazard'
		});
	});

	it('orders a move after what the device saw, even with a slow clock', () => {
		const { doc, id } = registered();
		transitionHazard(doc, id, 'rectifying', bob, { now: T0 + 60_000 });
		const next = transitionHazard(doc, id, 'awaiting_reinspection', alice, { now: T0 });
		expect(next.at).toBe(T0 + 60_001);
		expect(getHazard(doc, id)?.state).toBe('awaiting_reinspection');
	});

	it('two offline devices closing and rejecting at once end in the same state', () => {
		const a = new Y.Doc();
		const { id } = registered(a);
		transitionHazard(a, id, 'rectifying', bob, { now: T0 + 1 });
		transitionHazard(a, id, 'awaiting_reinspection', bob, { now: T0 + 2 });
		const b = new Y.Doc();
		syncAll(a, b);
		transitionHazard(a, id, 'closed', alice, { now: T0 + 10, id: 'close' });
		transitionHazard(b, id, 'rectifying', carol, { now: T0 + 20, comment: '仍有杂物', id: 'reject' });
		syncAll(a, b);
		const onA = getHazard(a, id);
		expect(onA).toEqual(getHazard(b, id));
		// The close came first (at), so it holds; the later rejection started from a state that was gone.
		expect(onA?.state).toBe('closed');
		expect(onA?.illegal.map((e) => e.id)).toEqual(['reject']);
		expect(onA?.log.map((e) => e.id).slice(-2)).toEqual(['close', 'reject']);
	});
});

describe('hazard edits', () => {
	it('updates fields, merges description typing, adds photos, reports 重大', () => {
		const a = new Y.Doc();
		const id = registerHazard(a, { ...input, level: '重大' }, alice, T0).id;
		const b = new Y.Doc();
		syncAll(a, b);
		setHazardDescription(a, id, '通道堆放杂物，影响疏散。已通知总务处', alice);
		setHazardDescription(b, id, '一楼通道堆放杂物，影响疏散', bob);
		addHazardPhoto(b, id, photoHash(9), bob);
		updateHazard(b, id, { ownerDept: 'general-affairs', deadline: '2026-11-20' }, bob);
		markHazardReported(a, id, alice, T0 + 3_600_000);
		syncAll(a, b);
		const hazard = getHazard(b, id);
		expect(hazard).toEqual(getHazard(a, id));
		expect(hazard).toMatchObject({
			description: '一楼通道堆放杂物，影响疏散。已通知总务处',
			photos: [photoHash(9)],
			ownerDept: 'general-affairs',
			deadline: '2026-11-20',
			reportedAt: T0 + 3_600_000
		});
		const minor = registerHazard(a, input, alice, T0).id;
		expectModelError(() => markHazardReported(a, minor, alice), 'not_major');
		expectModelError(() => updateHazard(a, minor, { deadline: 'tomorrow' }, alice), 'invalid_date', {
			field: 'deadline'
		});
	});
});
