/**
 * A hazard's closed loop (design.md §3): registered → rectifying → awaiting re-inspection → closed,
 * with a rejected re-inspection sending it back to rectifying.
 *
 * The state is never stored. It is a pure fold over an append-only log of transitions, sorted by
 * (at, id), which applies the legal ones and marks the rest illegal. Two offline devices that both act
 * on the same state (one closes, one rejects) both keep their entry in the log; after merging, every
 * device folds the same log to the same state, and the timeline shows the move that lost.
 */
export const HAZARD_STATES = ['registered', 'rectifying', 'awaiting_reinspection', 'closed'] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

export interface TransitionEntry {
	id: string;
	from: HazardState;
	to: HazardState;
	by: string;
	byName: string;
	at: number;
	comment: string;
	/** Content hashes, e.g. the rectification photos. */
	photos: string[];
}

const LEGAL: Readonly<Record<HazardState, readonly HazardState[]>> = {
	registered: ['rectifying'],
	rectifying: ['awaiting_reinspection'],
	// To rectifying = the re-inspection rejected the rectification.
	awaiting_reinspection: ['closed', 'rectifying'],
	closed: []
};

export function isLegalTransition(from: HazardState, to: HazardState): boolean {
	return LEGAL[from].includes(to);
}

/** The states reachable from `state` in one step. */
export function nextStates(state: HazardState): readonly HazardState[] {
	return LEGAL[state];
}

export interface HazardFold {
	state: HazardState;
	/** Entries applied, in fold order. */
	applied: TransitionEntry[];
	/** Entries that did not apply: their `from` was not the state at their turn, or the move is not allowed. */
	illegal: TransitionEntry[];
	/** When the applied closing transition happened (销号), or null. */
	closedAt: number | null;
}

export function compareTransitions(a: TransitionEntry, b: TransitionEntry): number {
	if (a.at !== b.at) return a.at - b.at;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function foldHazard(log: readonly TransitionEntry[]): HazardFold {
	let state: HazardState = 'registered';
	let closedAt: number | null = null;
	const applied: TransitionEntry[] = [];
	const illegal: TransitionEntry[] = [];
	for (const entry of [...log].sort(compareTransitions)) {
		if (entry.from === state && isLegalTransition(entry.from, entry.to)) {
			state = entry.to;
			closedAt = state === 'closed' ? entry.at : null;
			applied.push(entry);
		} else {
			illegal.push(entry);
		}
	}
	return { state, applied, illegal, closedAt };
}

/** Reads a stored entry defensively (other devices, older versions). */
export function parseTransition(raw: unknown): TransitionEntry | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	const isState = (v: unknown): v is HazardState => HAZARD_STATES.includes(v as HazardState);
	if (typeof r.id !== 'string' || !Number.isFinite(r.at) || !isState(r.from) || !isState(r.to)) {
		return null;
	}
	return {
		id: r.id,
		from: r.from,
		to: r.to,
		by: typeof r.by === 'string' ? r.by : '',
		byName: typeof r.byName === 'string' ? r.byName : '',
		at: r.at as number,
		comment: typeof r.comment === 'string' ? r.comment : '',
		photos: Array.isArray(r.photos) ? r.photos.filter((p): p is string => typeof p === 'string') : []
	};
}
