import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addDrill, listDrills, type DrillInput } from '../../src/lib/model/drills.ts';
import { alice, expectModelError } from './helpers.ts';

const START = Date.UTC(2026, 9, 15, 1, 30);
const valid: DrillInput = {
	name: '2026 秋季消防疏散演练',
	kind: 'fire',
	mode: 'full',
	place: '全校',
	startAt: START,
	endAt: START + 40 * 60_000,
	evacuationSeconds: 195,
	headcount: 1260
};

describe('drills', () => {
	it('adds and lists drills, latest first', () => {
		const doc = new Y.Doc();
		addDrill(doc, { ...valid, id: 'd1', notes: '三楼楼梯口拥堵' }, alice, 5);
		addDrill(doc, { ...valid, id: 'd2', kind: 'earthquake', startAt: START + 1, endAt: START + 2 }, alice, 6);
		const drills = listDrills(doc);
		expect(drills.map((d) => d.id)).toEqual(['d2', 'd1']);
		expect(drills[1]).toEqual({
			...valid,
			id: 'd1',
			notes: '三楼楼梯口拥堵',
			createdAt: 5,
			createdBy: alice
		});
	});

	it('allows a tabletop exercise without evacuation time', () => {
		const doc = new Y.Doc();
		const drill = addDrill(
			doc,
			{ ...valid, mode: 'tabletop', evacuationSeconds: null, headcount: 12 },
			alice
		);
		expect(listDrills(doc)[0]).toMatchObject({ id: drill.id, mode: 'tabletop', evacuationSeconds: null });
	});

	it.each([
		[{ name: '  ' }, 'required', 'drillName'],
		[{ kind: 'flood' }, 'not_one_of', 'drillKind'],
		[{ mode: 'virtual' }, 'not_one_of', 'drillMode'],
		[{ place: '' }, 'required', 'place'],
		[{ endAt: START - 1 }, 'end_before_start', 'endAt'],
		[{ endAt: START + 25 * 3_600_000 }, 'too_long_duration', 'endAt'],
		[{ startAt: Number.NaN }, 'invalid_time', 'startAt'],
		[{ evacuationSeconds: -1 }, 'invalid_int', 'evacuationSeconds'],
		[{ evacuationSeconds: 12.5 }, 'invalid_int', 'evacuationSeconds'],
		[{ evacuationSeconds: null }, 'required', 'evacuationSeconds'],
		[{ headcount: -3 }, 'invalid_int', 'headcount'],
		[{ headcount: 1e9 }, 'invalid_int', 'headcount']
	] as const)('rejects %o', (patch, code, field) => {
		const doc = new Y.Doc();
		expectModelError(() => addDrill(doc, { ...valid, ...patch } as DrillInput, alice), code, { field });
		expect(listDrills(doc)).toEqual([]);
	});
});
