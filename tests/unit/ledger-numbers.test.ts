import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { numberScans, isDeviceCode } from '../../src/lib/model/hazard-number.ts';
import {
	deviceCode,
	findNumberClashes,
	getHazard,
	listHazards,
	parseHazardNumber,
	registerHazard
} from '../../src/lib/model/ledger.ts';
import { syncAll } from './helpers.ts';
import { T0, basic, generalAffairs, inspector, office } from './ledger-helpers.ts';

describe('device codes', () => {
	it('give every device session of a workspace its own short code', () => {
		expect([1, 2, 24, 25, 26, 24 + 24 * 24, 24 + 24 * 24 + 1].map(deviceCode)).toEqual([
			'A',
			'B',
			'Z',
			'AA',
			'AB',
			'ZZ',
			'AAA'
		]);
		const codes = Array.from({ length: 5000 }, (_, i) => deviceCode(i + 1));
		expect(new Set(codes).size).toBe(5000);
		expect(codes.every(isDeviceCode)).toBe(true);
		expect(codes.some((code) => /[IO]/.test(code))).toBe(false);
		expect(() => deviceCode(0)).toThrow(RangeError);
	});
});

describe('hazard numbers', () => {
	it('read month, device and count, in China time', () => {
		const doc = new Y.Doc();
		const first = registerHazard(doc, basic, inspector, 'C', T0);
		expect(first.number).toBe('2026-11-C-001');
		expect(registerHazard(doc, basic, inspector, 'C', T0 + 1).number).toBe('2026-11-C-002');
		// 2026-11-30 17:00 UTC is already December in China.
		expect(registerHazard(doc, basic, inspector, 'C', Date.UTC(2026, 10, 30, 17)).number).toBe(
			'2026-12-C-001'
		);
		expect(parseHazardNumber('2026-11-C-002')).toEqual({ month: '2026-11', space: 'C', seq: 2 });
		// The first version's per-member numbers are another shape: they stay, and never meet these.
		expect(parseHazardNumber('2026-7KQ2-003')).toBeNull();
	});

	it('cannot clash for two offline devices of one member with a stale copy', () => {
		const phone = new Y.Doc();
		registerHazard(phone, basic, inspector, 'D', T0);
		const tablet = new Y.Doc();
		syncAll(phone, tablet);
		// Both offline now, each with the same ledger; the same member registers on both.
		const onPhone = [1, 2].map((i) => registerHazard(phone, basic, inspector, 'D', T0 + i));
		const onTablet = [1, 2].map((i) => registerHazard(tablet, basic, inspector, 'K', T0 + i));
		const before = new Map([...onPhone, ...onTablet].map((h) => [h.id, h.number]));
		syncAll(phone, tablet);
		const merged = listHazards(tablet);
		expect(merged).toHaveLength(5);
		expect(findNumberClashes(merged).size).toBe(0);
		// The printed number never changes.
		for (const [id, number] of before) {
			expect(getHazard(phone, id)?.number).toBe(number);
			expect(getHazard(tablet, id)?.number).toBe(number);
		}
		expect([...before.values()].sort()).toEqual([
			'2026-11-D-002',
			'2026-11-D-003',
			'2026-11-K-001',
			'2026-11-K-002'
		]);
		// Each device goes on in its own space, whatever the other issued.
		expect(registerHazard(tablet, basic, inspector, 'K', T0 + 5).number).toBe('2026-11-K-003');
		expect(registerHazard(tablet, basic, inspector, 'D', T0 + 5).number).toBe('2026-11-D-004');
	});

	it('cannot clash for two members registering at once', () => {
		const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
		const members = [office, generalAffairs, inspector];
		const spaces = ['A', 'B', 'C'];
		const issued = docs.flatMap((doc, i) =>
			Array.from({ length: 3 }, (_, k) => registerHazard(doc, basic, members[i]!, spaces[i]!, T0 + k))
		);
		syncAll(...docs);
		for (const doc of docs) {
			const views = listHazards(doc);
			expect(views).toHaveLength(9);
			expect(findNumberClashes(views).size).toBe(0);
			for (const hazard of issued) expect(getHazard(doc, hazard.id)?.number).toBe(hazard.number);
		}
	});

	it('reads one counter per registration, and looks its own numbers up once a month or after damage', () => {
		const doc = new Y.Doc();
		const scans = () => numberScans.records;
		const start = scans();
		for (let i = 0; i < 20; i++) registerHazard(doc, basic, inspector, 'E', T0 + i);
		// One look-up at the month's first number (an empty ledger then): none after.
		expect(scans() - start).toBe(0);
		registerHazard(doc, basic, inspector, 'E', Date.UTC(2026, 11, 5));
		expect(scans() - start).toBe(20);
		// A counter broken by a bad update: the device's own numbers are looked up, never reissued.
		doc.getMap('counters').set('E/2026-11', 'junk');
		expect(registerHazard(doc, basic, inspector, 'E', T0 + 99).number).toBe('2026-11-E-021');
		doc.getMap('counters').delete('E/2026-11');
		expect(registerHazard(doc, basic, inspector, 'E', T0 + 100).number).toBe('2026-11-E-022');
		expect(findNumberClashes(listHazards(doc)).size).toBe(0);
	});
});
