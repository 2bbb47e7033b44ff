import type { Actor } from './origin.ts';
import type { Role } from './permissions.ts';
import { parseSignature, type Signature } from './signature.ts';

/**
 * The lifecycle fold (round-lifecycle.ts says who does what): the entries sorted by (at, id), each
 * applied when the round is in the state its move starts from (and, for a sign-off, when every
 * required signer has signed this submission), else kept and marked with why. Pure: the same
 * entries fold to the same state on every device, whatever order they arrived in.
 */
export const LIFECYCLE = 'lifecycle';

export const LIFECYCLE_KINDS = ['submit', 'sign', 'signoff', 'reopen'] as const;
export type LifecycleKind = (typeof LIFECYCLE_KINDS)[number];

export const LIFECYCLE_STATES = ['open', 'submitted', 'signed_off'] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** A re-open's reason, in characters. */
export const REOPEN_REASON_MAX = 500;

export interface LifecycleEntry {
	id: string;
	kind: LifecycleKind;
	/** Member id; the server takes an entry only from its author. */
	by: string;
	byName: string;
	at: number;
	/** A re-open's reason. */
	reason?: string;
	/** A signature's strokes, or its confirmation by name. */
	signature?: Signature;
}

/** How the fold took an entry (as hazard-fold.ts): applied, lost a race, or never legal. */
export type LifecycleMark = 'applied' | 'superseded' | 'illegal';

/** Why an entry did not apply. */
export type LifecycleWhy =
	/** The round was not in the state the move starts from (another device moved first). */
	| 'wrong_state'
	/** This member had signed this cycle already. */
	| 'already_signed'
	/** A required signer had not signed when the office signed off. */
	| 'signatures_missing'
	/** A sign without a signature, a re-open without a reason: only a damaged log holds one. */
	| 'incomplete';

export interface LifecycleTimelineEntry extends LifecycleEntry {
	mark: LifecycleMark;
	why?: LifecycleWhy;
	/** The submission this entry belongs to (1 for the first; 0 before any). */
	cycle: number;
}

/** A member named in the lifecycle: a team member, a required signer. */
export interface Signer {
	id: string;
	name: string;
}

export interface RoundLifecycle {
	state: LifecycleState;
	/** The applied submit of the current cycle; null while open. */
	submitted: LifecycleTimelineEntry | null;
	/** This cycle's counted signatures, in order; [] while open. */
	signatures: LifecycleTimelineEntry[];
	/** The applied sign-off; null unless signed off. */
	signedOff: LifecycleTimelineEntry | null;
	/** The latest applied re-open, if any. */
	reopened: LifecycleTimelineEntry | null;
	/** The round's team when it names one, else null (every member who writes rounds). */
	team: Signer[] | null;
	/** Whose signatures the sign-off needs. */
	required: Signer[];
	/** Required signers who have not signed this cycle. */
	missing: Signer[];
	/** Every entry in fold order, each marked. */
	timeline: LifecycleTimelineEntry[];
}

/** Who acts: the member and their workspace role. */
export interface LifecycleMember extends Actor {
	role: Role;
}

export const TARGET: Record<LifecycleKind, LifecycleState> = {
	submit: 'submitted',
	sign: 'submitted',
	signoff: 'signed_off',
	reopen: 'open'
};

export function compareLifecycle(a: { at: number; id: string }, b: { at: number; id: string }): number {
	if (a.at !== b.at) return a.at - b.at;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The fold. `required` is asked only when a sign-off is weighed, so a round that was never
 * signed off does not pay for reading every answer.
 */
export function foldLifecycle(
	entries: readonly LifecycleEntry[],
	required: () => readonly string[]
): Pick<RoundLifecycle, 'state' | 'submitted' | 'signatures' | 'signedOff' | 'reopened' | 'timeline'> {
	let state: LifecycleState = 'open';
	let cycle = 0;
	let submitted: LifecycleTimelineEntry | null = null;
	let signedOff: LifecycleTimelineEntry | null = null;
	let reopened: LifecycleTimelineEntry | null = null;
	let signed = new Map<string, LifecycleTimelineEntry>();
	let needed: readonly string[] | null = null;
	const timeline: LifecycleTimelineEntry[] = [];
	for (const entry of [...entries].sort(compareLifecycle)) {
		const why = refusal(entry, state, signed, () => (needed ??= required()));
		const marked: LifecycleTimelineEntry = {
			...entry,
			mark: why === null ? 'applied' : why === 'incomplete' ? 'illegal' : 'superseded',
			cycle: entry.kind === 'submit' && why === null ? cycle + 1 : cycle
		};
		if (why !== null) marked.why = why;
		timeline.push(marked);
		if (why !== null) continue;
		state = TARGET[entry.kind];
		if (entry.kind === 'submit') {
			cycle++;
			submitted = marked;
			signed = new Map();
		} else if (entry.kind === 'sign') signed.set(entry.by, marked);
		else if (entry.kind === 'signoff') signedOff = marked;
		else {
			reopened = marked;
			submitted = null;
			signedOff = null;
			signed = new Map();
		}
	}
	return { state, submitted, signatures: [...signed.values()], signedOff, reopened, timeline };
}

function refusal(
	entry: LifecycleEntry,
	state: LifecycleState,
	signed: ReadonlyMap<string, unknown>,
	required: () => readonly string[]
): LifecycleWhy | null {
	switch (entry.kind) {
		case 'submit':
			return state === 'open' ? null : 'wrong_state';
		case 'sign':
			if (entry.signature === undefined) return 'incomplete';
			if (state !== 'submitted') return 'wrong_state';
			return signed.has(entry.by) ? 'already_signed' : null;
		case 'signoff':
			if (state !== 'submitted') return 'wrong_state';
			return signed.size > 0 && required().every((id) => signed.has(id)) ? null : 'signatures_missing';
		case 'reopen':
			if (!entry.reason?.trim()) return 'incomplete';
			return state === 'open' ? 'wrong_state' : null;
	}
}

/** Reads a stored entry defensively; null when it is unusable. */
export function parseLifecycleEntry(raw: unknown): LifecycleEntry | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	if (typeof r.id !== 'string' || typeof r.by !== 'string' || !Number.isFinite(r.at)) return null;
	if (!LIFECYCLE_KINDS.includes(r.kind as LifecycleKind)) return null;
	const entry: LifecycleEntry = {
		id: r.id,
		kind: r.kind as LifecycleKind,
		by: r.by,
		byName: typeof r.byName === 'string' ? r.byName : '',
		at: r.at as number
	};
	if (typeof r.reason === 'string') entry.reason = r.reason;
	const signature = parseSignature(r.signature);
	if (signature !== null) entry.signature = signature;
	return entry;
}
