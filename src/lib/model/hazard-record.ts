import * as Y from 'yjs';
import type { Actor } from './origin.ts';
import {
	foldHazard,
	parseTransition,
	type HazardState,
	type TimelineEntry,
	type TransitionEntry
} from './hazard-fold.ts';
import { readPhotos } from './photos.ts';
import { ModelError } from './errors.ts';
import { actor, isFiniteNumber, isString, num, report, text, type ProblemSink } from './read.ts';

/** Reading one stored hazard record (layout in ledger.ts) into plain data, defensively. */

export const HAZARD_LEVELS = ['一般', '重大'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

/**
 * Where a hazard was found, when it came from a failed checklist item. The round's title and the
 * item's number and question are copied in when the link is made (round-hazard.ts), so the
 * hazard's page names them without opening the round; older records have ids only ('').
 */
export interface HazardSource {
	roundId: string;
	itemId: string;
	roundTitle: string;
	/** "3.2 灭火器材是否完好、好用" */
	itemLabel: string;
}

/** A checklist item an existing hazard was linked to later (关联已有隐患), with who linked it and when. */
export interface HazardItemLink extends HazardSource {
	by: Actor;
	at: number;
}

/** Record keys holding item links: `link:<roundId>/<itemId>`, one plain value each (round-hazard.ts). */
export const LINK_PREFIX = 'link:';

/** One step of the loop as the ledger shows it: who, when, what they wrote, their photos. */
export interface StepRecord {
	by: Actor;
	at: number;
	comment: string;
	photos: string[];
}

/** A 重大 hazard's report to the education bureau. */
export interface BureauReport {
	at: number;
	by: Actor;
	/** The report's reference (文号), '' when none was given. */
	ref: string;
}

export interface HazardView {
	id: string;
	/** 隐患编号, final at registration (hazard-number.ts). */
	number: string;
	createdAt: number;
	/** 排查时间 */
	foundAt: number;
	place: string;
	foundBy: Actor;
	description: string;
	/** A duty domain id (隐患类别), '' when not yet assigned. */
	domain: string;
	level: HazardLevel;
	photos: string[];
	/** The checklist item it was registered from (登记隐患 on a failed item), or null. */
	source: HazardSource | null;
	/** Checklist items it was linked to afterwards, oldest first. */
	links: HazardItemLink[];
	/** 整改措施 */
	measures: string;
	/** A department id, '' when not assigned: then the domain's owners are responsible. */
	ownerDept: string;
	/** 责任人, a name. */
	ownerPerson: string;
	/** 整改期限, YYYY-MM-DD (China), or null. A rejection may set a new one. */
	deadline: string | null;
	/** 整改资金 in yuan, or null when not stated. */
	funds: number | null;
	/** 临时防范措施 */
	interimMeasures: string;
	/** 备注 */
	remarks: string;
	report: BureauReport | null;
	state: HazardState;
	/** Every transition in fold order, each marked applied, superseded or illegal. */
	timeline: TimelineEntry[];
	/** The latest applied rectification report (整改情况). */
	rectification: StepRecord | null;
	/** The latest applied re-inspection (复查人, 复查时间, 复查结果). */
	reinspection: (StepRecord & { result: 'pass' | 'fail' }) | null;
	/** The latest applied rejection: the reason it is not fixed, with the new deadline if one was set. */
	notFixed: (StepRecord & { newDeadline: string | null }) | null;
	/** The applied close (销号), or null. */
	closed: StepRecord | null;
}

export type HazardRecord = Y.Map<unknown>;

/** Records read by `readHazard` since the module loaded: tests count reads, never time them. */
export const hazardReads = { count: 0 };

/**
 * A stored hazard as plain data. Never throws: a field of the wrong type reads as its default and
 * a missing or damaged part (description, photos, log, init) as empty, each reported to `sink`.
 * Fields added after the first version (measures, owner person, funds …) may be absent: records from
 * an older app lack them, and that is no problem.
 */
export function readHazard(id: string, rec: HazardRecord, sink?: ProblemSink): HazardView {
	hazardReads.count++;
	const problem = (field: string) => report(sink, { record: 'hazard', id, field });
	const part = <T>(field: string, value: T | null): T | null => {
		if (value === null) problem(field);
		return value;
	};
	const init = initOf(rec, () => problem('init'));
	const plain = (field: string): unknown => (rec.has(field) ? rec.get(field) : init[field]);
	/** A field added in version 2: its value if it passes `test`, else null (reported unless absent). */
	const optional = <T>(
		field: string,
		test: (v: unknown) => v is T,
		value: unknown = plain(field)
	): T | null => {
		if (value === undefined || value === null) return null;
		if (test(value)) return value;
		problem(field);
		return null;
	};
	const log = part('log', logList(rec));
	const fold = foldHazard(log === null ? [] : readLog(log));
	const description = rec.get('description');
	const photos = rec.get('photos');
	const measures = optional('measures', (v): v is Y.Text => v instanceof Y.Text, rec.get('measures'));
	const reportedAt = optional('reportedAt', isFiniteNumber);
	const deadline = plain('deadline');
	return {
		id,
		number: text(plain('number')),
		createdAt: num(plain('createdAt')),
		foundAt: num(plain('foundAt')),
		place: text(plain('place')),
		foundBy: actor(plain('foundBy')),
		description: part('description', description instanceof Y.Text ? description : null)?.toString() ?? '',
		domain: text(plain('domain')),
		level: plain('level') === '重大' ? '重大' : '一般',
		photos: readPhotos(
			part('photos', photos instanceof Y.Array ? (photos as Y.Array<string>) : null) ?? undefined
		),
		source: readSource(plain('source')),
		links: readLinks(rec),
		measures: measures?.toString() ?? '',
		ownerDept: text(plain('ownerDept')),
		ownerPerson: optional('ownerPerson', isString) ?? '',
		deadline: typeof deadline === 'string' ? deadline : null,
		funds: optional('funds', isFiniteNumber),
		interimMeasures: optional('interimMeasures', isString) ?? '',
		remarks: optional('remarks', isString) ?? '',
		report:
			reportedAt === null
				? null
				: { at: reportedAt, by: actor(plain('reportedBy')), ref: text(plain('reportRef')) },
		state: fold.state,
		timeline: fold.timeline,
		...steps(fold.timeline)
	};
}

/**
 * The values a record was registered with (`init`, one plain object: ledger.ts), or {} for a record
 * of version 1, which holds every field at its own key, or for a damaged one (`onDamage` is told).
 */
export function initOf(rec: HazardRecord, onDamage?: () => void): Readonly<Record<string, unknown>> {
	const init = rec.get('init');
	if (typeof init === 'object' && init !== null && !Array.isArray(init) && !(init instanceof Uint8Array))
		return init as Record<string, unknown>;
	if (init !== undefined) onDamage?.();
	return {};
}

/** A plain field of a record: the value set after registration if any, else the registered one. */
export function plainField(rec: HazardRecord, field: string): unknown {
	return rec.has(field) ? rec.get(field) : initOf(rec)[field];
}

type Steps = Pick<HazardView, 'rectification' | 'reinspection' | 'notFixed' | 'closed'>;

/** The ledger's step columns, from the latest applied entry of each kind. */
function steps(timeline: readonly TimelineEntry[]): Steps {
	const out: Steps = { rectification: null, reinspection: null, notFixed: null, closed: null };
	for (const entry of timeline) {
		if (entry.mark !== 'applied') continue;
		const step: StepRecord = {
			by: { id: entry.by, name: entry.byName },
			at: entry.at,
			comment: entry.comment,
			photos: entry.photos
		};
		switch (entry.move) {
			case 'submit':
				out.rectification = step;
				break;
			case 'pass':
				out.reinspection = { ...step, result: 'pass' };
				break;
			case 'passAndClose':
				out.reinspection = { ...step, result: 'pass' };
				out.closed = step;
				break;
			case 'reject':
				out.reinspection = { ...step, result: 'fail' };
				out.notFixed = { ...step, newDeadline: entry.deadline };
				break;
			case 'close':
				out.closed = step;
				break;
		}
	}
	return out;
}

export function readSource(value: unknown): HazardSource | null {
	if (typeof value !== 'object' || value === null) return null;
	const { roundId, itemId, roundTitle, itemLabel } = value as Record<string, unknown>;
	if (typeof roundId !== 'string' || typeof itemId !== 'string') return null;
	return { roundId, itemId, roundTitle: text(roundTitle), itemLabel: text(itemLabel) };
}

/** A stored item link, or null when it is not one. */
export function readLink(value: unknown): HazardItemLink | null {
	const source = readSource(value);
	if (source === null) return null;
	const { by, byName, at } = value as Record<string, unknown>;
	if (typeof by !== 'string' || by === '' || !isFiniteNumber(at)) return null;
	return { ...source, by: { id: by, name: text(byName) }, at };
}

/** The record's item links (a handful of keys of the record itself: no other record is read). */
function readLinks(rec: HazardRecord): HazardItemLink[] {
	const out: HazardItemLink[] = [];
	for (const [key, value] of rec.entries()) {
		if (!key.startsWith(LINK_PREFIX)) continue;
		const link = readLink(value);
		if (link !== null) out.push(link);
	}
	return out.sort((a, b) => a.at - b.at || cmp(a.roundId + a.itemId, b.roundId + b.itemId));
}

/** The hazard's transition log, or null when the record holds something else there. */
export function logList(rec: HazardRecord): Y.Array<unknown> | null {
	const log = rec.get('log');
	return log instanceof Y.Array ? (log as Y.Array<unknown>) : null;
}

/** The ledger's records by id (layout in ledger.ts). */
export function hazards(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>('hazards');
}

/** For writers: the record, or `unknown_record`. */
export function recordOf(doc: Y.Doc, hazardId: string): HazardRecord {
	const rec = hazards(doc).get(hazardId);
	if (!(rec instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown hazard: ${hazardId}`, { record: 'hazard' });
	return rec as HazardRecord;
}

/** For writers: the hazard's transition log, or a `damaged_record` error. */
export function logOf(rec: HazardRecord): Y.Array<unknown> {
	const log = logList(rec);
	if (log === null)
		throw new ModelError('damaged_record', 'hazard has no transition log', { record: 'hazard' });
	return log;
}

export function readLog(log: Y.Array<unknown>): TransitionEntry[] {
	return log
		.toArray()
		.map(parseTransition)
		.filter((e): e is TransitionEntry => e !== null);
}

export function cmp(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
