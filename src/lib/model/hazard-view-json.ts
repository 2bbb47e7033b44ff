import {
	HAZARD_STATES,
	MOVE_NAMES,
	parseTransition,
	type HazardMove,
	type HazardState,
	type TimelineEntry,
	type TransitionMark
} from './hazard-fold.ts';
import type { BureauReport, HazardSource, HazardView, StepRecord } from './hazard-record.ts';
import { actor, isFiniteNumber, isString, num, text } from './read.ts';

/**
 * A hazard view read back from JSON kept outside the document (the ledger's first rows on the
 * device): storage may hold anything, so every field is checked and defaulted like a stored
 * record's. Null for anything without an id and a number.
 */
export function readViewJson(value: unknown): HazardView | null {
	const r = record(value);
	if (!isString(r.id) || !isString(r.number)) return null;
	const state = HAZARD_STATES.includes(r.state as HazardState) ? (r.state as HazardState) : 'registered';
	return {
		id: r.id,
		number: r.number,
		createdAt: num(r.createdAt),
		foundAt: num(r.foundAt),
		place: text(r.place),
		foundBy: actor(r.foundBy),
		description: text(r.description),
		domain: text(r.domain),
		level: r.level === '重大' ? '重大' : '一般',
		photos: strings(r.photos),
		source: orNull(r.source, (s): HazardSource => ({
			roundId: text(s.roundId),
			itemId: text(s.itemId),
			roundTitle: text(s.roundTitle),
			itemLabel: text(s.itemLabel)
		})),
		// Kept rows never show links; the live view brings them.
		links: [],
		measures: text(r.measures),
		ownerDept: text(r.ownerDept),
		ownerPerson: text(r.ownerPerson),
		deadline: isString(r.deadline) ? r.deadline : null,
		funds: isFiniteNumber(r.funds) ? r.funds : null,
		interimMeasures: text(r.interimMeasures),
		remarks: text(r.remarks),
		report: orNull(r.report, (s): BureauReport => ({ at: num(s.at), by: actor(s.by), ref: text(s.ref) })),
		state,
		timeline: Array.isArray(r.timeline)
			? r.timeline.map(timelineEntry).filter((e): e is TimelineEntry => e !== null)
			: [],
		rectification: orNull(r.rectification, step),
		reinspection: orNull(r.reinspection, (s) => ({
			...step(s),
			result: s.result === 'pass' ? 'pass' : 'fail'
		})),
		notFixed: orNull(r.notFixed, (s) => ({
			...step(s),
			newDeadline: isString(s.newDeadline) ? s.newDeadline : null
		})),
		closed: orNull(r.closed, step)
	};
}

/** `value` as a plain object, or an empty one. */
export function record(value: unknown): Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter(isString) : []);
const orNull = <T>(value: unknown, read: (r: Record<string, unknown>) => T): T | null =>
	typeof value === 'object' && value !== null ? read(record(value)) : null;

function step(r: Record<string, unknown>): StepRecord {
	return { by: actor(r.by), at: num(r.at), comment: text(r.comment), photos: strings(r.photos) };
}

function timelineEntry(value: unknown): TimelineEntry | null {
	const entry = parseTransition(value);
	if (entry === null) return null;
	const r = record(value);
	const move = MOVE_NAMES.includes(r.move as HazardMove) ? (r.move as HazardMove) : null;
	const marks: readonly TransitionMark[] = ['applied', 'superseded', 'illegal'];
	const mark = marks.includes(r.mark as TransitionMark) ? (r.mark as TransitionMark) : 'illegal';
	return { ...entry, move, mark };
}
