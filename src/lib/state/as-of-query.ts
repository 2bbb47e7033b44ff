/** The time of the as-of screen's address (`?at=<epoch ms>`), read strictly. */
export type AsOfAt = { at: number } | { at: null; bad: boolean };

/**
 * `raw` as a time to show: whole milliseconds, not after `now` (the future has no state yet).
 * Absent: nothing picked yet; anything else: a bad date the screen says so of.
 */
export function parseAsOfAt(raw: string | null, now: number): AsOfAt {
	if (raw === null || raw === '') return { at: null, bad: false };
	if (!/^\d{1,15}$/.test(raw)) return { at: null, bad: true };
	const at = Number(raw);
	return at > now ? { at: null, bad: true } : { at };
}
