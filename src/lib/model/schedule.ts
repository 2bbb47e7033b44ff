import type * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import { chinaDate, chinaMonth } from './time.ts';
import { requireActor, requireInt, requireOneOf } from './validate.ts';
import { ModelError } from './errors.ts';

/**
 * When inspection rounds are due. The seed plan (四（四）) asks for one inspection a month, so the
 * default is monthly, due by the end of the month; a school may name an earlier day, or switch
 * the reminder off. Stored in meta's `workspace` map as one plain value, `inspectionSchedule`, so
 * two devices changing it at once keep one whole setting (never one's cadence with the other's
 * day). Days are China's calendar days (UTC+8), the same on every device whatever its time zone.
 */
const WORKSPACE = 'workspace';
const KEY = 'inspectionSchedule';

export const INSPECTION_CADENCES = ['monthly', 'off'] as const;
export type InspectionCadence = (typeof INSPECTION_CADENCES)[number];
/** The latest day a school may name: every month has it. Later means the end of the month. */
export const DUE_DAY_MAX = 28;

export interface InspectionSchedule {
	cadence: InspectionCadence;
	/** The day of the month the round is due by; null: the last day of the month. */
	dueDay: number | null;
}

export const DEFAULT_SCHEDULE: InspectionSchedule = { cadence: 'monthly', dueDay: null };

/** The schedule, or the default when none was set (or the stored value has the wrong shape). */
export function readSchedule(doc: Y.Doc): InspectionSchedule {
	return parseSchedule(doc.getMap<unknown>(WORKSPACE).get(KEY)) ?? DEFAULT_SCHEDULE;
}

export function parseSchedule(raw: unknown): InspectionSchedule | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const { cadence, dueDay } = raw as Record<string, unknown>;
	if (!(INSPECTION_CADENCES as readonly unknown[]).includes(cadence)) return null;
	const validDay =
		typeof dueDay === 'number' && Number.isInteger(dueDay) && dueDay >= 1 && dueDay <= DUE_DAY_MAX;
	if (!(dueDay === null || validDay)) return null;
	return { cadence: cadence as InspectionCadence, dueDay: dueDay as number | null };
}

export function setInspectionSchedule(doc: Y.Doc, schedule: InspectionSchedule, actor: Actor): void {
	const value: InspectionSchedule = {
		cadence: requireOneOf(schedule.cadence, INSPECTION_CADENCES, 'inspectionSchedule'),
		dueDay: schedule.dueDay === null ? null : requireInt(schedule.dueDay, 'dueDay', 1, DUE_DAY_MAX)
	};
	const who = requireActor(actor);
	const workspace = doc.getMap<unknown>(WORKSPACE);
	if (typeof workspace.get('name') !== 'string')
		throw new ModelError('not_initialised', 'workspace is not initialised', { record: 'workspace' });
	const current = readSchedule(doc);
	if (current.cadence === value.cadence && current.dueDay === value.dueDay && workspace.has(KEY)) return;
	doc.transact(() => workspace.set(KEY, value), localOrigin(who));
}

/**
 *  - `off`: no reminder;
 *  - `done`: this month has a round;
 *  - `due`: none yet, and the due date is today or later;
 *  - `overdue`: none yet, and the due date has passed.
 */
export type DueState = 'off' | 'done' | 'due' | 'overdue';

export interface RoundDue {
	state: DueState;
	/** This month in China time, `YYYY-MM`. */
	month: string;
	/** The day this month's round is due by, `YYYY-MM-DD`. */
	dueDate: string;
	/** Days from today to the due date: 0 on the day, negative once overdue. */
	daysLeft: number;
}

/** Whether this month's round is due, from the schedule, the rounds' months and the clock. */
export function roundDue(
	schedule: InspectionSchedule,
	rounds: readonly { month: string }[],
	now: number
): RoundDue {
	const month = chinaMonth(now);
	const today = chinaDate(now);
	const [year, mm] = month.split('-').map(Number) as [number, number];
	const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
	const day = Math.min(schedule.dueDay ?? lastDay, lastDay);
	const dueDate = `${month}-${String(day).padStart(2, '0')}`;
	const daysLeft = Math.round(
		(Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000
	);
	const state: DueState =
		schedule.cadence === 'off'
			? 'off'
			: rounds.some((round) => round.month === month)
				? 'done'
				: daysLeft < 0
					? 'overdue'
					: 'due';
	return { state, month, dueDate, daysLeft };
}
