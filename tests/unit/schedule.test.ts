import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initWorkspace } from '../../src/lib/model/meta.ts';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import {
	DEFAULT_SCHEDULE,
	readSchedule,
	roundDue,
	setInspectionSchedule,
	type InspectionSchedule
} from '../../src/lib/model/schedule.ts';
import { alice, bob, expectModelError, syncAll } from './helpers.ts';

/** A time given as China's wall clock (UTC+8), whatever the test machine's zone. */
const china = (iso: string) => Date.parse(`${iso}+08:00`);
const monthly: InspectionSchedule = { cadence: 'monthly', dueDay: null };

function workspace(): Y.Doc {
	const doc = new Y.Doc();
	initWorkspace(doc, { name: '集善中学', actor: alice, now: china('2026-09-01T08:00:00') });
	return doc;
}

describe('roundDue', () => {
	it('is due by the end of the month until a round of the month exists', () => {
		expect(roundDue(monthly, [], china('2026-11-02T09:00:00'))).toEqual({
			state: 'due',
			month: '2026-11',
			dueDate: '2026-11-30',
			daysLeft: 28
		});
		expect(roundDue(monthly, [{ month: '2026-10' }], china('2026-11-02T09:00:00')).state).toBe('due');
		expect(roundDue(monthly, [{ month: '2026-11' }], china('2026-11-02T09:00:00')).state).toBe('done');
	});

	it('turns the month at midnight China time, not the device’s', () => {
		// 23:59 on 30 November in China is 15:59 UTC: still November, due today.
		expect(roundDue(monthly, [], china('2026-11-30T23:59:00'))).toMatchObject({
			month: '2026-11',
			daysLeft: 0,
			state: 'due'
		});
		// 00:30 on 1 December in China is still 30 November in UTC: December's round is due now,
		// November's does not count for it.
		const now = china('2026-12-01T00:30:00');
		expect(new Date(now).getUTCDate()).toBe(30);
		expect(roundDue(monthly, [{ month: '2026-11' }], now)).toMatchObject({
			month: '2026-12',
			dueDate: '2026-12-31',
			daysLeft: 30,
			state: 'due'
		});
		// Across the year.
		expect(roundDue(monthly, [], china('2027-01-01T00:00:00')).month).toBe('2027-01');
	});

	it('takes a due day, overdue the day after; February ends on its own last day', () => {
		const tenth: InspectionSchedule = { cadence: 'monthly', dueDay: 10 };
		expect(roundDue(tenth, [], china('2026-11-10T23:00:00'))).toMatchObject({ state: 'due', daysLeft: 0 });
		expect(roundDue(tenth, [], china('2026-11-11T00:00:00'))).toMatchObject({
			state: 'overdue',
			dueDate: '2026-11-10',
			daysLeft: -1
		});
		expect(roundDue(monthly, [], china('2028-02-03T12:00:00')).dueDate).toBe('2028-02-29');
		expect(roundDue(monthly, [], china('2027-02-03T12:00:00')).dueDate).toBe('2027-02-28');
	});

	it('says nothing is due when the schedule is off', () => {
		expect(roundDue({ cadence: 'off', dueDay: null }, [], china('2026-11-30T12:00:00')).state).toBe('off');
	});
});

describe('the schedule setting', () => {
	it('defaults to monthly by the end of the month, and is set as one value', () => {
		const doc = workspace();
		expect(readSchedule(doc)).toEqual(DEFAULT_SCHEDULE);
		setInspectionSchedule(doc, { cadence: 'monthly', dueDay: 25 }, alice);
		expect(readSchedule(doc)).toEqual({ cadence: 'monthly', dueDay: 25 });
		expect(checkDocument('meta', doc)).toEqual([]);
	});

	it('refuses values it cannot keep', () => {
		const doc = workspace();
		expectModelError(
			() => setInspectionSchedule(doc, { cadence: 'monthly', dueDay: 29 }, alice),
			'invalid_int',
			{
				field: 'dueDay',
				min: 1,
				max: 28
			}
		);
		expectModelError(
			() => setInspectionSchedule(doc, { cadence: 'weekly' as 'monthly', dueDay: null }, alice),
			'not_one_of',
			{ field: 'inspectionSchedule' }
		);
		expectModelError(() => setInspectionSchedule(new Y.Doc(), monthly, alice), 'not_initialised');
	});

	it('two devices setting it at once keep one whole setting', () => {
		const a = workspace();
		const b = new Y.Doc();
		syncAll(a, b);
		setInspectionSchedule(a, { cadence: 'off', dueDay: null }, alice);
		setInspectionSchedule(b, { cadence: 'monthly', dueDay: 15 }, bob);
		syncAll(a, b);
		expect(readSchedule(a)).toEqual(readSchedule(b));
		expect([
			{ cadence: 'off', dueDay: null },
			{ cadence: 'monthly', dueDay: 15 }
		]).toContainEqual(readSchedule(a));
	});
});
