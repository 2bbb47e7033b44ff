import { describe, expect, it } from 'vitest';
import { hazardAbsence } from '../../src/lib/state/hazard-absence.ts';
import {
	fromDateTimeInput,
	hoursAndMinutes,
	overdueDays,
	toDateTimeInput
} from '../../src/lib/state/hazard-time.ts';

describe('why a hazard is absent', () => {
	it('says "missing" only once the ledger is synced, and loading before the device is read', () => {
		expect(hazardAbsence(false, 'synced')).toBe('loading');
		expect(hazardAbsence(true, 'offline')).toBe('offline');
		expect(hazardAbsence(true, 'connecting')).toBe('downloading');
		expect(hazardAbsence(true, 'synced')).toBe('missing');
	});
});

describe('hazard times', () => {
	// 2026-11-05 01:30 in China is 2026-11-04 17:30 UTC.
	const now = Date.UTC(2026, 10, 4, 17, 30);

	it('counts overdue days on the China calendar: the deadline day itself is not late', () => {
		expect(overdueDays('2026-11-05', now)).toBe(0);
		expect(overdueDays('2026-11-04', now)).toBe(1);
		expect(overdueDays('2026-10-26', now)).toBe(10);
		expect(overdueDays('not a date', now)).toBe(0);
	});

	it('splits a countdown into hours and minutes, rounding up so it never reads 0 early', () => {
		expect(hoursAndMinutes(23 * 3_600_000 + 59 * 60_000 + 1)).toEqual({ hours: 24, minutes: 0 });
		expect(hoursAndMinutes(90 * 60_000)).toEqual({ hours: 1, minutes: 30 });
		expect(hoursAndMinutes(-61 * 60_000)).toEqual({ hours: 1, minutes: 1 });
	});

	it('reads and writes datetime-local values in China time, whatever the device’s zone', () => {
		expect(toDateTimeInput(now)).toBe('2026-11-05T01:30');
		expect(fromDateTimeInput('2026-11-05T01:30')).toBe(now);
		expect(fromDateTimeInput('')).toBeNaN();
	});
});
