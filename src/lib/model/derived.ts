import type * as Y from 'yjs';
import type { DocumentName } from './documents.ts';
import { readRound, type RoundView } from './inspection.ts';
import { listRounds, type RoundSummary } from './meta.ts';
import { SYSTEM_ORIGIN } from './origin.ts';
import { LIFECYCLE_STATES, lifecycleState, type LifecycleState } from './round-lifecycle.ts';

/**
 * What the server derives from the documents it stores and writes into `meta`, which every device
 * keeps open and syncs (design.md §4): a small summary of each round, and each document's version.
 *
 * Lists read these instead of opening every document, and inspectors (who may not write `meta`)
 * still see their rounds' progress everywhere: the server, which stores every update, computes them
 * with this same code. Only the server writes here (origin `system`).
 *
 *   roundStats   Y.Map<roundId, RoundStats>      plain values, replaced whole when they change
 *   docVersions  Y.Map<DocumentName, number>     the server's last stored update of the document
 */
const ROUND_STATS = 'roundStats';
const DOC_VERSIONS = 'docVersions';

export type RoundStatus = 'not_started' | 'in_progress' | 'complete';

export interface RoundStats {
	total: number;
	answered: number;
	pass: number;
	fail: number;
	na: number;
	/** Items whose answers disagree; absent in summaries written before conflicts were tracked. */
	conflicts?: number;
	status: RoundStatus;
	/** The newest answer's time (the round's creation time before the first answer). */
	lastChangeAt: number;
	/** Who gave the newest answer ('' before the first answer). */
	lastChangeBy: string;
	/**
	 * Where the round is in its lifecycle (round-lifecycle.ts). Absent in summaries written before
	 * the lifecycle existed, and ignored by apps that predate it.
	 */
	lifecycle?: LifecycleState;
}

/** A round as lists show it: its index entry and, once known, its summary. */
export interface RoundListItem extends RoundSummary {
	stats: RoundStats | null;
}

/** The summary of a round, from its full view and, when known, its lifecycle state. */
export function roundStats(view: RoundView, lifecycle?: LifecycleState): RoundStats {
	const { total, answered, pass, fail, na, conflicts } = view.progress;
	let lastChangeAt = view.createdAt;
	let lastChangeBy = '';
	for (const area of view.areas) {
		for (const item of area.items) {
			for (const entry of item.history) {
				if (entry.at > lastChangeAt || (entry.at === lastChangeAt && lastChangeBy === '')) {
					lastChangeAt = entry.at;
					lastChangeBy = entry.byName;
				}
			}
		}
	}
	const status: RoundStatus = answered === 0 ? 'not_started' : answered < total ? 'in_progress' : 'complete';
	const stats: RoundStats = {
		total,
		answered,
		pass,
		fail,
		na,
		conflicts,
		status,
		lastChangeAt,
		lastChangeBy
	};
	if (lifecycle !== undefined) stats.lifecycle = lifecycle;
	return stats;
}

/** The summary of the round in `roundDoc`, or null if it is not initialised. */
export function deriveRoundStats(roundDoc: Y.Doc): RoundStats | null {
	const view = readRound(roundDoc);
	return view === null ? null : roundStats(view, lifecycleState(roundDoc));
}

export interface DerivedChanges {
	/** A round's fresh summary. */
	round?: { id: string; stats: RoundStats };
	/** Document versions to raise (never lowered). */
	versions?: readonly (readonly [DocumentName, number])[];
}

/**
 * Writes what changed into `meta`, in one transaction by `system`; returns whether anything was
 * written. Unchanged values are not rewritten, so `meta` grows only when a summary really changes.
 */
export function applyDerived(meta: Y.Doc, changes: DerivedChanges): boolean {
	const stats = meta.getMap<unknown>(ROUND_STATS);
	const versions = meta.getMap<unknown>(DOC_VERSIONS);
	const round = changes.round;
	const writeRound = round !== undefined && !sameStats(parseStats(stats.get(round.id)), round.stats);
	const raise = (changes.versions ?? []).filter(([name, seq]) => {
		const known = versions.get(name);
		return typeof known !== 'number' || known < seq;
	});
	if (!writeRound && raise.length === 0) return false;
	meta.transact(() => {
		if (writeRound) stats.set(round.id, { ...round.stats });
		for (const [name, seq] of raise) versions.set(name, seq);
	}, SYSTEM_ORIGIN);
	return true;
}

export function readRoundStats(meta: Y.Doc, roundId: string): RoundStats | null {
	return parseStats(meta.getMap<unknown>(ROUND_STATS).get(roundId));
}

/** The server's version of each document it has stored updates for. */
export function readDocVersions(meta: Y.Doc): Map<string, number> {
	const out = new Map<string, number>();
	meta.getMap<unknown>(DOC_VERSIONS).forEach((seq, name) => {
		if (typeof seq === 'number' && Number.isFinite(seq)) out.set(name, seq);
	});
	return out;
}

/** Every indexed round with its summary, in the index's order (newest month first). */
export function listRoundItems(meta: Y.Doc): RoundListItem[] {
	return listRounds(meta).map((round) => ({ ...round, stats: readRoundStats(meta, round.id) }));
}

const STATUSES: readonly RoundStatus[] = ['not_started', 'in_progress', 'complete'];
const COUNTS = ['total', 'answered', 'pass', 'fail', 'na'] as const;

/** Reads a stored summary defensively: a value of the wrong shape reads as "not known yet". */
export function parseStats(raw: unknown): RoundStats | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	for (const key of COUNTS) if (!isCount(r[key])) return null;
	if (!STATUSES.includes(r.status as RoundStatus)) return null;
	if (!isCount(r.lastChangeAt) || typeof r.lastChangeBy !== 'string') return null;
	const stats: RoundStats = {
		total: r.total as number,
		answered: r.answered as number,
		pass: r.pass as number,
		fail: r.fail as number,
		na: r.na as number,
		conflicts: isCount(r.conflicts) ? r.conflicts : 0,
		status: r.status as RoundStatus,
		lastChangeAt: r.lastChangeAt,
		lastChangeBy: r.lastChangeBy
	};
	if (LIFECYCLE_STATES.includes(r.lifecycle as LifecycleState))
		stats.lifecycle = r.lifecycle as LifecycleState;
	return stats;
}

function isCount(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function sameStats(a: RoundStats | null, b: RoundStats): boolean {
	if (a === null) return false;
	return (Object.keys(b) as (keyof RoundStats)[]).every((key) => a[key] === b[key]);
}
