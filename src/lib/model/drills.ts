import * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { actor, num, text } from './read.ts';

/**
 * The `drills` document (演练记录):
 *
 *   drills Y.Map<drillId, Y.Map>  name, kind, mode, place, startAt, endAt, evacuationSeconds, headcount,
 *                                  createdAt, createdBy, notes Y.Text (problems found, improvements)
 *
 * Education activities come later, in the same document.
 */
const DRILLS = 'drills';
export const DRILL_KINDS = ['fire', 'earthquake', 'other'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];
export const DRILL_MODES = ['full', 'tabletop'] as const;
export type DrillMode = (typeof DRILL_MODES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
/** Upper bounds that catch typos (an extra zero) without limiting a real school. */
export const MAX_EVACUATION_SECONDS = 2 * 60 * 60;
export const MAX_HEADCOUNT = 20_000;

export interface DrillInput {
	/** The drill plan's name, e.g. 2026 秋季消防疏散演练. */
	name: string;
	kind: DrillKind;
	mode: DrillMode;
	place: string;
	startAt: number;
	/** At or after `startAt`, within a day of it. */
	endAt: number;
	/** Time to evacuate everyone, in seconds; null for a tabletop exercise. */
	evacuationSeconds: number | null;
	/** People taking part. */
	headcount: number;
	notes?: string;
	/** Default: a random UUID. */
	id?: string;
}

export interface DrillView extends Omit<DrillInput, 'id' | 'notes'> {
	id: string;
	notes: string;
	createdAt: number;
	createdBy: Actor;
}

type Rec = Y.Map<unknown>;

export function validateDrill(input: DrillInput): Omit<DrillInput, 'id' | 'notes'> {
	const startAt = v.requireTimestamp(input.startAt, 'startAt');
	const endAt = v.requireTimestamp(input.endAt, 'endAt');
	if (endAt < startAt)
		throw new ModelError('end_before_start', 'endAt must not be before startAt', { field: 'endAt' });
	if (endAt - startAt > DAY_MS)
		throw new ModelError('too_long_duration', 'a drill lasts at most a day', { field: 'endAt' });
	const mode = v.requireOneOf(input.mode, DRILL_MODES, 'drillMode');
	const evacuationSeconds =
		input.evacuationSeconds === null
			? null
			: v.requireInt(input.evacuationSeconds, 'evacuationSeconds', 0, MAX_EVACUATION_SECONDS);
	if (mode === 'full' && evacuationSeconds === null)
		throw new ModelError('required', 'a full drill needs its evacuation time', {
			field: 'evacuationSeconds'
		});
	return {
		name: v.requireText(input.name, 'drillName', 100),
		kind: v.requireOneOf(input.kind, DRILL_KINDS, 'drillKind'),
		mode,
		place: v.requireText(input.place, 'place', 100),
		startAt,
		endAt,
		evacuationSeconds,
		headcount: v.requireInt(input.headcount, 'headcount', 0, MAX_HEADCOUNT)
	};
}

export function addDrill(doc: Y.Doc, input: DrillInput, actor: Actor, now: number = Date.now()): DrillView {
	const who = v.requireActor(actor);
	const fields = validateDrill(input);
	const notes = v.optionalText(input.notes, 'notes', 5000);
	const id = input.id === undefined ? v.newId() : v.requireId(input.id, 'drillId');
	if (doc.getMap(DRILLS).has(id))
		throw new ModelError('already_exists', `drill already exists: ${id}`, { record: 'drill' });
	const createdAt = v.requireTimestamp(now, 'time');
	doc.transact(() => {
		const rec: Rec = new Y.Map();
		doc.getMap<Rec>(DRILLS).set(id, rec);
		for (const [key, value] of Object.entries(fields)) rec.set(key, value);
		rec.set('createdAt', createdAt);
		rec.set('createdBy', who);
		rec.set('notes', new Y.Text(notes));
	}, localOrigin(who));
	return { id, ...fields, notes, createdAt, createdBy: who };
}

/** Drills, latest first. */
export function listDrills(doc: Y.Doc): DrillView[] {
	const out: DrillView[] = [];
	doc.getMap<Rec>(DRILLS).forEach((rec, id) => {
		if (!(rec instanceof Y.Map)) return;
		const createdBy = rec.get('createdBy');
		const notes = rec.get('notes');
		const evacuation = rec.get('evacuationSeconds');
		const kind = rec.get('kind');
		out.push({
			id,
			name: text(rec.get('name')),
			kind: DRILL_KINDS.includes(kind as DrillKind) ? (kind as DrillKind) : 'other',
			mode: rec.get('mode') === 'tabletop' ? 'tabletop' : 'full',
			place: text(rec.get('place')),
			startAt: num(rec.get('startAt')),
			endAt: num(rec.get('endAt')),
			evacuationSeconds: typeof evacuation === 'number' ? evacuation : null,
			headcount: num(rec.get('headcount')),
			notes: notes instanceof Y.Text ? notes.toString() : '',
			createdAt: num(rec.get('createdAt')),
			createdBy: actor(createdBy)
		});
	});
	return out.sort((a, b) => b.startAt - a.startAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
