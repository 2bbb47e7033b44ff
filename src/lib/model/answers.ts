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
	return {
		id: r.id,
		value: value as AnswerValue | null,
		by: r.by,
		byName: typeof r.byName === 'string' ? r.byName : '',
		at: r.at as number
	};
}
