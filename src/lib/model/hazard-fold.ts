/**
 * A hazard's closed loop (design.md §3): registered → rectifying → awaiting re-inspection → closed,
 * with a rejected re-inspection sending it back to rectifying.
 *
 * Re-inspecting and closing are two people's acts: an inspector or the office re-inspects, only the
 * office closes (销号). So a passed re-inspection lands in `verified` (复查通过，待销号), and the
 * office closes from there. The office re-inspecting itself may pass and close in one move
 * (`passAndClose`), which is also what the first app version wrote for every close: keeping that
 * edge legal keeps every stored log folding to the state it always had.
 *
 * The state is never stored. It is a pure fold over an append-only log of transitions, sorted by
 * (at, id), which applies the legal ones and marks the rest. Two offline devices that both act on the
 * same state (one closes, one rejects) both keep their entry in the log; after merging, every device
 * folds the same log to the same state, and the timeline shows the move that lost as `superseded`.
 * Who may make a move is not the fold's business (roles change, the log only names members); the
 * writers check it (hazard-rules.ts), and the server will check the same rule.
 */
export const HAZARD_STATES = [
	'registered',
	'rectifying',
	'awaiting_reinspection',
	'verified',
	'closed'
] as const;
export type HazardState = (typeof HAZARD_STATES)[number];

/** Every move of the loop, by name: one definition for the fold, the rules and the UI. */
export const HAZARD_MOVES = {
	/** The responsible department takes the hazard on (开始整改). */
	start: { from: 'registered', to: 'rectifying' },
	/** The department reports it rectified, with the rectification record and photos (整改完成). */
	submit: { from: 'rectifying', to: 'awaiting_reinspection' },
	/** Re-inspection passed (复查通过). */
	pass: { from: 'awaiting_reinspection', to: 'verified' },
	/** Re-inspection failed: back to rectifying, with the reason and perhaps a new deadline. */
	reject: { from: 'awaiting_reinspection', to: 'rectifying' },
	/** The office closes the entry (销号). */
	close: { from: 'verified', to: 'closed' },
	/** The office re-inspects and closes at once (and every close of app version 1). */
	passAndClose: { from: 'awaiting_reinspection', to: 'closed' }
} as const satisfies Record<string, { from: HazardState; to: HazardState }>;

export type HazardMove = keyof typeof HAZARD_MOVES;
export const MOVE_NAMES = Object.keys(HAZARD_MOVES) as HazardMove[];

export interface TransitionEntry {
	id: string;
	from: HazardState;
	to: HazardState;
	by: string;
	byName: string;
	at: number;
	/** The rectification record, the re-inspection's finding, the reason it is not fixed … */
	comment: string;
	/** Content hashes, e.g. the rectification photos. */
	photos: string[];
	/** A rejection's new deadline (YYYY-MM-DD), else null. */
	deadline: string | null;
}

/**
 * How the fold took an entry: `applied`; `superseded`, a legal move made from a state the hazard had
 * already left when its turn came (it lost a race with another device's move); `illegal`, a move the
 * loop never allows (only a damaged or hostile log holds one).
 */
export type TransitionMark = 'applied' | 'superseded' | 'illegal';

export interface TimelineEntry extends TransitionEntry {
	/** The move this entry makes, or null for an edge that is no move. */
	move: HazardMove | null;
	mark: TransitionMark;
}

/** `EDGES[from][to]`: the move, looked up once per entry of every fold (10,000 records on open). */
const EDGES = Object.fromEntries(
	HAZARD_STATES.map((from) => [
		from,
		Object.fromEntries(
			MOVE_NAMES.filter((name) => HAZARD_MOVES[name].from === from).map((name) => [
				HAZARD_MOVES[name].to,
				name
			])
		)
	])
) as Record<HazardState, Partial<Record<HazardState, HazardMove>>>;

/** The move from `from` to `to`, or null when the loop has none. */
export function moveOf(from: HazardState, to: HazardState): HazardMove | null {
	return EDGES[from][to] ?? null;
}

export function isLegalTransition(from: HazardState, to: HazardState): boolean {
	return moveOf(from, to) !== null;
}

/** The moves the loop allows from `state`, whoever makes them. */
export function movesFrom(state: HazardState): HazardMove[] {
	return MOVE_NAMES.filter((name) => HAZARD_MOVES[name].from === state);
}

export interface HazardFold {
	state: HazardState;
	/** Every entry in fold order, (at, id), each marked. */
	timeline: TimelineEntry[];
}

export function compareTransitions(a: { at: number; id: string }, b: { at: number; id: string }): number {
	if (a.at !== b.at) return a.at - b.at;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function foldHazard(log: readonly TransitionEntry[]): HazardFold {
	let state: HazardState = 'registered';
	const timeline: TimelineEntry[] = [];
	// Logs are nearly always stored in order (appended after what the device saw): sort only if not.
	const sorted = log.every((entry, i) => i === 0 || compareTransitions(log[i - 1]!, entry) <= 0);
	for (const entry of sorted ? log : [...log].sort(compareTransitions)) {
		const move = moveOf(entry.from, entry.to);
		const applies = move !== null && entry.from === state;
		if (applies) state = entry.to;
		timeline.push({ ...entry, move, mark: applies ? 'applied' : move === null ? 'illegal' : 'superseded' });
	}
	return { state, timeline };
}

/** Reads a stored entry defensively (other devices, older versions); null when it is unusable. */
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
		photos: Array.isArray(r.photos) ? r.photos.filter((p): p is string => typeof p === 'string') : [],
		deadline: typeof r.deadline === 'string' ? r.deadline : null
	};
}
