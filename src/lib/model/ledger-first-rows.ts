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
 * The first page of the ledger's views as this device last saw them, kept apart from the document
 * so that opening the ledger shows rows before the whole document is read. A 10,000-entry ledger
 * takes seconds to apply from IndexedDB on a slow phone (docs/ARCHITECTURE.md, "Hazard numbers");
 * its first 50 rows, as JSON, take milliseconds. The rows may be stale (another device's changes
 * arrive with the document), so a screen shows them only until the index over the loaded document
 * has its own, and marks them as being updated meanwhile.
 */
export const FIRST_ROWS = 50;

export interface FirstRows {
	/** How many hazards the ledger held. */
	total: number;
	/** The first views in the ledger's default order (latest found first). */
	views: HazardView[];
}

const VERSION = 1;

/** The first `count` of `views` (in the default order, as `LedgerIndex.views` gives them) as JSON. */
export function encodeFirstRows(views: readonly HazardView[], count = FIRST_ROWS): string {
	return JSON.stringify({ version: VERSION, total: views.length, views: views.slice(0, count) });
}

/**
 * Rows saved by `encodeFirstRows`, read defensively (storage may hold anything): every field of
 * every view is checked and defaulted like a stored record's; null for anything but our format.
 */
export function decodeFirstRows(json: string | null): FirstRows | null {
	if (json === null) return null;
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return null;
	}
	const r = record(value);
	if (r.version !== VERSION || !Array.isArray(r.views)) return null;
	const views = r.views.map(readView).filter((view): view is HazardView => view !== null);
	return { total: Math.max(num(r.total), views.length), views };
}

function record(value: unknown): Record<string, unknown> {
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

function readView(value: unknown): HazardView | null {
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
		// The first rows never show links; the live view brings them.
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
