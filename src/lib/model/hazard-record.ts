import * as Y from 'yjs';
import type { Actor } from './origin.ts';
import { foldHazard, parseTransition, type HazardState, type TransitionEntry } from './hazard-fold.ts';
import { readPhotos } from './photos.ts';
import { ModelError } from './errors.ts';

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

export function readHazard(id: string, rec: HazardRecord): HazardView {
	const fold = foldHazard(readLog(logOf(rec)));
	const foundBy = rec.get('foundBy') as Partial<Actor> | undefined;
	const level = rec.get('level');
	const source = rec.get('source') as HazardSource | null | undefined;
	const description = rec.get('description');
	const photos = rec.get('photos');
	return {
		id,
		number: String(rec.get('number') ?? ''),
		numberClash: false,
		createdAt: Number(rec.get('createdAt') ?? 0),
		foundAt: Number(rec.get('foundAt') ?? 0),
		place: String(rec.get('place') ?? ''),
		foundBy: { id: String(foundBy?.id ?? ''), name: String(foundBy?.name ?? '') },
		description: description instanceof Y.Text ? description.toString() : '',
		domain: String(rec.get('domain') ?? ''),
		level: level === '重大' ? '重大' : '一般',
		ownerDept: String(rec.get('ownerDept') ?? ''),
		deadline: typeof rec.get('deadline') === 'string' ? (rec.get('deadline') as string) : null,
		photos: photos instanceof Y.Array ? readPhotos(photos as Y.Array<string>) : [],
		source:
			source && typeof source.roundId === 'string'
				? { roundId: source.roundId, itemId: source.itemId }
				: null,
		reportedAt: typeof rec.get('reportedAt') === 'number' ? (rec.get('reportedAt') as number) : null,
		state: fold.state,
		closedAt: fold.closedAt,
		log: [...fold.applied, ...fold.illegal].sort((a, b) => a.at - b.at || cmp(a.id, b.id)),
		illegal: fold.illegal
	};
}

export function logOf(rec: HazardRecord): Y.Array<unknown> {
	const log = rec.get('log');
	if (!(log instanceof Y.Array))
		throw new ModelError('damaged_record', 'hazard has no transition log', { record: 'hazard' });
	return log as Y.Array<unknown>;
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
