import * as Y from 'yjs';
import type { Actor } from './origin.ts';
import { foldHazard, parseTransition, type HazardState, type TransitionEntry } from './hazard-fold.ts';
import { readPhotos } from './photos.ts';
import { ModelError } from './errors.ts';
import { actor, isFiniteNumber, num, report, text, type ProblemSink } from './read.ts';

/** Reading a stored hazard record (layout in ledger.ts) into plain data, defensively. */

export const HAZARD_LEVELS = ['一般', '重大'] as const;
export type HazardLevel = (typeof HAZARD_LEVELS)[number];

/** Where a hazard was found, when it came from a failed checklist item. */
export interface HazardSource {
	roundId: string;
	itemId: string;
}

export interface HazardView {
	id: string;
	number: string;
	/** Another hazard holds the same number (see hazard-number.ts). */
	numberClash: boolean;
	createdAt: number;
	foundAt: number;
	place: string;
	foundBy: Actor;
	description: string;
	domain: string;
	level: HazardLevel;
	ownerDept: string;
	deadline: string | null;
	photos: string[];
	source: HazardSource | null;
	/** When a 重大 hazard was reported to the education bureau. */
	reportedAt: number | null;
	state: HazardState;
	closedAt: number | null;
	/** The whole log in fold order. */
	log: TransitionEntry[];
	illegal: TransitionEntry[];
}

export type HazardRecord = Y.Map<unknown>;

/**
 * A stored hazard as plain data. Never throws: a field of the wrong type reads as its default and
 * a missing or damaged part (description, photos, log) as empty, each reported to `sink`.
 */
export function readHazard(id: string, rec: HazardRecord, sink?: ProblemSink): HazardView {
	const part = <T>(field: string, value: T | null): T | null => {
		if (value === null) report(sink, { record: 'hazard', id, field });
		return value;
	};
	const log = part('log', logList(rec));
	const fold = foldHazard(log === null ? [] : readLog(log));
	const level = rec.get('level');
	const source = rec.get('source');
	const description = rec.get('description');
	const photos = rec.get('photos');
	const deadline = rec.get('deadline');
	const reportedAt = rec.get('reportedAt');
	return {
		id,
		number: text(rec.get('number')),
		numberClash: false,
		createdAt: num(rec.get('createdAt')),
		foundAt: num(rec.get('foundAt')),
		place: text(rec.get('place')),
		foundBy: actor(rec.get('foundBy')),
		description: part('description', description instanceof Y.Text ? description : null)?.toString() ?? '',
		domain: text(rec.get('domain')),
		level: level === '重大' ? '重大' : '一般',
		ownerDept: text(rec.get('ownerDept')),
		deadline: typeof deadline === 'string' ? deadline : null,
		photos: readPhotos(
			part('photos', photos instanceof Y.Array ? (photos as Y.Array<string>) : null) ?? undefined
		),
		source: readSource(source),
		reportedAt: isFiniteNumber(reportedAt) ? reportedAt : null,
		state: fold.state,
		closedAt: fold.closedAt,
		log: [...fold.applied, ...fold.illegal].sort((a, b) => a.at - b.at || cmp(a.id, b.id)),
		illegal: fold.illegal
	};
}

function readSource(value: unknown): HazardSource | null {
	if (typeof value !== 'object' || value === null) return null;
	const { roundId, itemId } = value as Record<string, unknown>;
	return typeof roundId === 'string' && typeof itemId === 'string' ? { roundId, itemId } : null;
}

/** The hazard's transition log, or null when the record holds something else there. */
export function logList(rec: HazardRecord): Y.Array<unknown> | null {
	const log = rec.get('log');
	return log instanceof Y.Array ? (log as Y.Array<unknown>) : null;
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
