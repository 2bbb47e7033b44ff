import * as Y from 'yjs';
import { answerState, parseEntry } from './answers.ts';
import { ModelError } from './errors.ts';
import { localOrigin } from './origin.ts';
import { canWrite } from './permissions.ts';
import { ITEMS, answerList, readHeader } from './round-body.ts';
import { roundTeam } from './round-team.ts';
import { requireSignature, type Signature } from './signature.ts';
import {
	LIFECYCLE,
	LIFECYCLE_KINDS,
	REOPEN_REASON_MAX,
	TARGET,
	foldLifecycle,
	parseLifecycleEntry,
	type LifecycleEntry,
	type LifecycleKind,
	type LifecycleMember,
	type LifecycleState,
	type RoundLifecycle,
	type Signer
} from './round-lifecycle-fold.ts';
import { nextAt } from './time.ts';
import { newId, requireActor, requireText, requireTimestamp } from './validate.ts';

/**
 * A round's lifecycle (design.md §7, "state machines"): `open → submitted → signed_off`, and back
 * to `open` when the office re-opens it with a reason.
 *
 *   lifecycle  Y.Array<LifecycleEntry>   a root of the round's document, append-only
 *
 * A root, not a field of the header: rounds created before the lifecycle existed lack it, and a
 * container created later by two devices at once would keep only one device's entries (see
 * round-body.ts). Root types are named, not created: every device's `getArray('lifecycle')` is the
 * same array, so it needs no seed.
 *
 * The state is never stored. It is a pure fold over the entries sorted by (at, id), like a hazard's
 * loop (hazard-fold.ts): legal entries apply, the others stay in the log, marked. So two offline
 * devices that submit, sign, sign off or re-open at once both keep their entries, and every device
 * folds the merged log to the same state.
 *
 * - `submit` (open → submitted): a member of the team, or the office. Starts a cycle: only
 *   signatures given after it (and before the next re-open) count.
 * - `sign` (while submitted): each member once per cycle, a drawn signature or a confirmation by
 *   name (signature.ts).
 * - `signoff` (submitted → signed_off): the office, once every required signer has signed in this
 *   cycle, and at least one has. Required: the round's team when the office picked one (round-team.ts),
 *   else every member who answered an item of the round: the people whose findings it records.
 * - `reopen` (submitted or signed_off → open): the office, with a reason.
 *
 * Who may record an entry is not the fold's business (roles change; the log names members): the
 * writers below check it, and the server checks the same rule (`isLifecycleAuthorised`) on every
 * entry it receives (sync-server/round-lock.ts), with the entry's author being the sender.
 */
export * from './round-lifecycle-fold.ts';

/** The round's lifecycle, folded from its document. Never throws on stored values. */
export function roundLifecycle(doc: Y.Doc): RoundLifecycle {
	const entries = readLifecycleEntries(doc);
	const team = readTeam(doc);
	const required = lazy(() => team ?? answerers(doc));
	const fold = foldLifecycle(entries, () => required().map((signer) => signer.id));
	const names = lazy(() => knownNames(doc, entries));
	const named = (signers: Signer[]) =>
		signers.map((s) => (s.name === '' ? { id: s.id, name: names().get(s.id) ?? s.id } : s));
	const needed = fold.state === 'open' ? [] : named(required());
	const signedIds = new Set(fold.signatures.map((entry) => entry.by));
	return {
		...fold,
		team: team === null ? null : named(team),
		required: needed,
		missing: needed.filter((signer) => !signedIds.has(signer.id))
	};
}

/** Only the state: what writers and the server ask on every change, without reading names. */
export function lifecycleState(doc: Y.Doc): LifecycleState {
	const entries = readLifecycleEntries(doc);
	if (entries.length === 0) return 'open';
	return foldLifecycle(entries, () => (readTeam(doc) ?? answerers(doc)).map((signer) => signer.id)).state;
}

function lazy<T>(make: () => T): () => T {
	let value: { v: T } | null = null;
	return () => (value ??= { v: make() }).v;
}

/** Throws `round_signed_off` when the round is signed off: its content no longer changes. */
export function requireNotSignedOff(doc: Y.Doc): void {
	if (lifecycleState(doc) === 'signed_off')
		throw new ModelError('round_signed_off', 'the round is signed off', { record: 'round' });
}

/** The entries as stored, unusable ones skipped. */
export function readLifecycleEntries(doc: Y.Doc): LifecycleEntry[] {
	// Defining a root runs a (silent) transaction: readers leave a round without a log untouched.
	if (!doc.share.has(LIFECYCLE)) return [];
	return doc
		.getArray<unknown>(LIFECYCLE)
		.toArray()
		.map(parseLifecycleEntry)
		.filter((entry): entry is LifecycleEntry => entry !== null);
}

/** The team the office picked for the round (round-team.ts), or null when it picked none. */
export function readTeam(doc: Y.Doc): Signer[] | null {
	const team = roundTeam(doc);
	return team.length === 0 ? null : team.map(({ id, name }) => ({ id, name }));
}

/** Every member who answered an item, in the order of their first answer. */
function answerers(doc: Y.Doc): Signer[] {
	const first = new Map<string, { at: number; name: string }>();
	doc.getMap<unknown>(ITEMS).forEach((item) => {
		if (!(item instanceof Y.Map)) return;
		for (const raw of answerList(item as Y.Map<unknown>)?.toArray() ?? []) {
			const entry = parseEntry(raw);
			if (entry === null) continue;
			const known = first.get(entry.by);
			if (known === undefined || entry.at < known.at)
				first.set(entry.by, { at: entry.at, name: entry.byName });
		}
	});
	return [...first.entries()]
		.sort(([a, x], [b, y]) => x.at - y.at || (a < b ? -1 : a > b ? 1 : 0))
		.map(([id, { name }]) => ({ id, name }));
}

/** Names by member id from the lifecycle entries (for a team listed by id alone). */
function knownNames(doc: Y.Doc, entries: readonly LifecycleEntry[]): Map<string, string> {
	const names = new Map<string, string>();
	for (const signer of answerers(doc)) if (signer.name) names.set(signer.id, signer.name);
	for (const entry of entries) if (entry.byName) names.set(entry.by, entry.byName);
	return names;
}

/** Whether the round names `member` in its team (every writer of rounds when it names none). */
function inTeam(team: readonly Signer[] | null, member: LifecycleMember): boolean {
	if (!canWrite(member.role, 'inspection')) return false;
	return team === null || team.some((signer) => signer.id === member.id);
}

/**
 * Whether `member` may record an entry of `kind`, whatever the round's state: the server's check
 * for every entry it receives (entries made offline may rightly lose their race).
 */
export function isLifecycleAuthorised(
	kind: LifecycleKind,
	member: LifecycleMember,
	team: readonly Signer[] | null
): boolean {
	switch (kind) {
		case 'submit':
			return member.role === 'office' || inTeam(team, member);
		case 'sign':
			return inTeam(team, member);
		case 'signoff':
		case 'reopen':
			return member.role === 'office';
	}
}

/** The moves `member` may make now: what the UI offers. */
export function allowedLifecycleMoves(view: RoundLifecycle, member: LifecycleMember): LifecycleKind[] {
	return LIFECYCLE_KINDS.filter((kind) => whyNot(view, kind, member) === null);
}

/** Why `member` may not make `kind` now, as a ModelError; null when they may. */
function whyNot(view: RoundLifecycle, kind: LifecycleKind, member: LifecycleMember): ModelError | null {
	if (!isLifecycleAuthorised(kind, member, view.team))
		return new ModelError('not_allowed', `${member.role} may not ${kind} this round`, { record: 'round' });
	const from = kind === 'submit' ? ['open'] : kind === 'reopen' ? ['submitted', 'signed_off'] : ['submitted'];
	if (!from.includes(view.state))
		return new ModelError('illegal_transition', `cannot ${kind} a round that is ${view.state}`, {
			record: 'round',
			from: view.state,
			to: TARGET[kind]
		});
	if (kind === 'sign' && view.signatures.some((entry) => entry.by === member.id))
		return new ModelError('already_signed', 'already signed this submission', { record: 'round' });
	if (kind === 'signoff' && (view.signatures.length === 0 || view.missing.length > 0))
		return new ModelError('signatures_missing', 'required signatures are missing', { record: 'round' });
	return null;
}

/** Throws what `whyNot` finds. */
export function checkLifecycleMove(view: RoundLifecycle, kind: LifecycleKind, member: LifecycleMember): void {
	const error = whyNot(view, kind, member);
	if (error !== null) throw error;
}

/** Submits the round for signatures. Refuses while any item's answers disagree. */
export function submitRound(
	doc: Y.Doc,
	member: LifecycleMember,
	now: number = Date.now(),
	entryId: string = newId()
): LifecycleEntry {
	return append(doc, 'submit', member, now, entryId, {}, () => {
		if (countConflicts(doc) > 0)
			throw new ModelError('conflicts_unsettled', 'settle the disagreeing answers first', {
				record: 'round'
			});
	});
}

/** Signs the submitted round with a drawn signature or a confirmation by name. */
export function signRound(
	doc: Y.Doc,
	member: LifecycleMember,
	signature: Signature,
	now: number = Date.now(),
	entryId: string = newId()
): LifecycleEntry {
	return append(doc, 'sign', member, now, entryId, { signature: requireSignature(signature) });
}

/** The office confirms the signed round (签字确认): from now on it is read-only. */
export function signOffRound(
	doc: Y.Doc,
	member: LifecycleMember,
	now: number = Date.now(),
	entryId: string = newId()
): LifecycleEntry {
	return append(doc, 'signoff', member, now, entryId, {});
}

/** The office re-opens a submitted or signed-off round, saying why. */
export function reopenRound(
	doc: Y.Doc,
	member: LifecycleMember,
	reason: string,
	now: number = Date.now(),
	entryId: string = newId()
): LifecycleEntry {
	return append(doc, 'reopen', member, now, entryId, {
		reason: requireText(reason, 'reopenReason', REOPEN_REASON_MAX)
	});
}

function append(
	doc: Y.Doc,
	kind: LifecycleKind,
	member: LifecycleMember,
	now: number,
	entryId: string,
	extra: Pick<LifecycleEntry, 'reason' | 'signature'>,
	precheck?: () => void
): LifecycleEntry {
	const who = requireActor(member);
	requireTimestamp(now, 'time');
	if (readHeader(doc) === null)
		throw new ModelError('not_initialised', 'round is not initialised', { record: 'round' });
	checkLifecycleMove(roundLifecycle(doc), kind, { ...who, role: member.role });
	precheck?.();
	const entry: LifecycleEntry = {
		id: entryId,
		kind,
		by: who.id,
		byName: who.name,
		at: nextAt(now, readLifecycleEntries(doc)),
		...extra
	};
	doc.transact(() => doc.getArray<LifecycleEntry>(LIFECYCLE).push([entry]), localOrigin(who));
	return entry;
}

/** Items whose answers disagree (answers.ts), read straight from the document. */
function countConflicts(doc: Y.Doc): number {
	let conflicts = 0;
	doc.getMap<unknown>(ITEMS).forEach((item) => {
		if (!(item instanceof Y.Map)) return;
		const entries = (answerList(item as Y.Map<unknown>)?.toArray() ?? [])
			.map(parseEntry)
			.filter((entry) => entry !== null);
		if (answerState(entries).conflict.length > 0) conflicts++;
	});
	return conflicts;
}
