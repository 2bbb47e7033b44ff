import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { decodeFirstRows, encodeFirstRows, FIRST_ROWS } from '../../src/lib/model/ledger-first-rows.ts';
import { LedgerIndex } from '../../src/lib/model/ledger-index.ts';
import { listHazards, moveHazard, registerHazard } from '../../src/lib/model/ledger.ts';
import { reportHazard } from '../../src/lib/model/hazard-edit.ts';
import { keepFirstRows, loadFirstRows } from '../../src/lib/state/ledger-first-rows.ts';
import { DAY, OWNERS, T0, generalAffairs, inspector, office } from './ledger-helpers.ts';

function ledger(entries: number): Y.Doc {
	const doc = new Y.Doc();
	for (let i = 0; i < entries; i++) {
		const hazard = registerHazard(
			doc,
			{
				place: `地点${i}`,
				description: `隐患${i}`,
				domain: 'food-hygiene',
				level: i === 0 ? '重大' : '一般'
			},
			inspector,
			'B',
			T0 + i * 60_000
		);
		if (i === 0) {
			reportHazard(doc, hazard.id, { ref: '文号1', at: T0 + 1000 }, office, OWNERS);
			moveHazard(doc, hazard.id, 'start', generalAffairs, OWNERS, { now: T0 + DAY });
			moveHazard(doc, hazard.id, 'submit', generalAffairs, OWNERS, { now: T0 + 2 * DAY, comment: '已更换' });
			moveHazard(doc, hazard.id, 'reject', office, OWNERS, {
				now: T0 + 3 * DAY,
				comment: '未完成',
				deadline: '2026-12-01'
			});
		}
	}
	return doc;
}

describe('the first rows kept apart from the document', () => {
	it('round-trips the first views exactly, with the ledger size', () => {
		const views = listHazards(ledger(60));
		const rows = decodeFirstRows(encodeFirstRows(views));
		expect(rows?.total).toBe(60);
		expect(rows?.views).toHaveLength(FIRST_ROWS);
		expect(rows?.views).toEqual(views.slice(0, FIRST_ROWS));
		const major = views.find((view) => view.level === '重大')!;
		expect(decodeFirstRows(encodeFirstRows([major]))?.views[0]).toEqual(major);
	});

	it('reads anything else as nothing, and damaged fields as their defaults', () => {
		for (const junk of [null, '', '{', '[]', '{"version":2,"views":[]}', '{"version":1}'])
			expect(decodeFirstRows(junk)).toBeNull();
		const rows = decodeFirstRows(
			JSON.stringify({
				version: 1,
				total: 'x',
				views: [{ id: 'a', number: '2026-11-B-001', state: 'gone', timeline: [{ id: 1 }], funds: 'x' }, 7]
			})
		);
		expect(rows?.total).toBe(1);
		expect(rows?.views[0]).toMatchObject({
			state: 'registered',
			timeline: [],
			funds: null,
			foundBy: { id: '', name: '' }
		});
	});
});

describe('keeping them on the device', () => {
	beforeEach(() => {
		const items = new Map<string, string>();
		vi.stubGlobal('localStorage', {
			getItem: (key: string) => items.get(key) ?? null,
			setItem: (key: string, value: string) => void items.set(key, value),
			removeItem: (key: string) => void items.delete(key)
		});
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.unstubAllGlobals();
	});

	it('saves at once, then after the ledger has been quiet, per workspace', () => {
		const doc = ledger(3);
		const index = new LedgerIndex(doc);
		const stop = keepFirstRows('ws', index, 1000);
		expect(loadFirstRows('ws')?.views.map((v) => v.place)).toEqual(['地点2', '地点1', '地点0']);
		expect(loadFirstRows('other')).toBeNull();
		registerHazard(doc, { place: '新地点', description: '新隐患' }, inspector, 'B', T0 + DAY);
		expect(loadFirstRows('ws')?.total).toBe(3);
		vi.advanceTimersByTime(1000);
		expect(loadFirstRows('ws')?.views[0]?.place).toBe('新地点');
		stop();
		registerHazard(doc, { place: '停止后', description: '不保存' }, inspector, 'B', T0 + 2 * DAY);
		vi.advanceTimersByTime(5000);
		expect(loadFirstRows('ws')?.total).toBe(4);
	});
});
