/**
 * Checklist answers. Several inspectors may answer the same item at once, so an item keeps an
 * append-only list of entries and the current answer is a deterministic pick over it (design.md §7).
 */
export type AnswerValue = 'pass' | 'fail' | 'na';
export const ANSWER_VALUES: readonly AnswerValue[] = ['pass', 'fail', 'na'];

/** One answer as given. `value: null` records that the answer was cleared. */
export interface AnswerEntry {
	id: string;
	value: AnswerValue | null;
	/** Member id of who answered. */
	by: string;
	/** Their display name at the time, so history reads well after renames. */
	byName: string;
	at: number;
	/**
	 * The entries this one replaced: the item's current answers (its heads) on the device that gave
	 * it. Absent on entries written before conflicts were tracked; such an entry replaces every entry
	 * ordered before it, as the latest-wins rule then did.
	 */
	replaces?: string[];
}

/**
 * The item's answer state. Two answers given without seeing each other (both heads: neither
 * replaced the other) that say different things are a conflict, shown with both until someone
 * answers again having seen both. Agreeing heads are no conflict.
 */
export interface AnswerState {
	/** The current answer; null when unanswered, cleared, or in conflict. */
	answer: AnswerEntry | null;
	/** The disagreeing heads, in order, when in conflict; else []. */
	conflict: AnswerEntry[];
	/** Every head: what a new answer replaces. */
	heads: AnswerEntry[];
}

/**
 * Total order of entries: `at`, then member id, then entry id (plain code-unit comparison, never
 * locale-aware, so every device orders alike). The greatest entry is the current one.
 */
export function compareEntries(a: AnswerEntry, b: AnswerEntry): number {
	if (a.at !== b.at) return a.at - b.at;
	if (a.by !== b.by) return a.by < b.by ? -1 : 1;
	if (a.id !== b.id) return a.id < b.id ? -1 : 1;
	return 0;
}

/** The winning entry (latest), or null when there is none. Includes clearing entries. */
export function latestEntry(entries: readonly AnswerEntry[]): AnswerEntry | null {
	let best: AnswerEntry | null = null;
	for (const entry of entries) if (best === null || compareEntries(entry, best) > 0) best = entry;
	return best;
}

/**
 * The current answer: the latest entry, or null when there is none or the latest one cleared the
 * answer. The same entries give the same pick on every device whatever order they arrived in.
 */
export function currentAnswer(entries: readonly AnswerEntry[]): AnswerEntry | null {
	const latest = latestEntry(entries);
	return latest !== null && latest.value !== null ? latest : null;
}

/**
 * The entries no other entry replaced. An entry without `replaces` (written by an older app)
 * replaces everything ordered before it, so old histories read as they always did.
 */
export function answerHeads(entries: readonly AnswerEntry[]): AnswerEntry[] {
	const replaced = new Set<string>();
	let legacy: AnswerEntry | null = null;
	for (const entry of entries) {
		if (entry.replaces === undefined) {
			if (legacy === null || compareEntries(entry, legacy) > 0) legacy = entry;
		} else for (const id of entry.replaces) replaced.add(id);
	}
	return sortHistory(
		entries.filter(
			(entry) => !replaced.has(entry.id) && (legacy === null || compareEntries(entry, legacy) >= 0)
		)
	);
}

/** The current answer, the conflict if any, and the heads a new answer replaces. */
export function answerState(entries: readonly AnswerEntry[]): AnswerState {
	const heads = answerHeads(entries);
	const values = new Set(heads.map((entry) => entry.value));
	if (values.size > 1) return { answer: null, conflict: heads, heads };
	const latest = heads.at(-1) ?? null;
	return { answer: latest !== null && latest.value !== null ? latest : null, conflict: [], heads };
}

/** Entries oldest first, in the same total order. */
export function sortHistory(entries: readonly AnswerEntry[]): AnswerEntry[] {
	return [...entries].sort(compareEntries);
}

/**
 * Reads a stored entry defensively: documents come from other devices and older app versions, and a
 * malformed entry must not break the whole round.
 */
export function parseEntry(raw: unknown): AnswerEntry | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	const value = r.value === null || ANSWER_VALUES.includes(r.value as AnswerValue) ? r.value : undefined;
	if (value === undefined) return null;
	if (typeof r.id !== 'string' || typeof r.by !== 'string' || !Number.isFinite(r.at)) return null;
	const entry: AnswerEntry = {
		id: r.id,
		value: value as AnswerValue | null,
		by: r.by,
		byName: typeof r.byName === 'string' ? r.byName : '',
		at: r.at as number
	};
	if (Array.isArray(r.replaces))
		entry.replaces = r.replaces.filter((id): id is string => typeof id === 'string');
	return entry;
}
