import { base32Tag } from './hash.ts';
import { chinaYear } from './time.ts';

/**
 * Human hazard numbers (台账编号), e.g. `2026-7KQ2-003`: year (China time), a four-character tag of the
 * registering member, and that member's running count for the year.
 *
 * Why this shape: the number must be unique when two offline devices register at once and must never
 * change once printed. A school-wide counter cannot be both without a server round-trip, so each member
 * numbers in a space of their own and the number is final at registration, offline included. Two
 * devices collide only if the same member (or two members whose tags collide, about 1 in 10^6 per
 * pair) registers on both while offline; `findNumberClashes` detects that, and the UI flags it for the
 * office instead of silently renumbering a printed entry. A server-issued `2026-0042` can later be
 * added as a separate field without touching these.
 */
export function numberPrefix(actorId: string, at: number): string {
	return `${chinaYear(at)}-${base32Tag(actorId)}-`;
}

/** The next number for `actorId` given every number already in the ledger. */
export function nextHazardNumber(existing: Iterable<string>, actorId: string, at: number): string {
	const prefix = numberPrefix(actorId, at);
	let max = 0;
	for (const number of existing) {
		if (!number.startsWith(prefix)) continue;
		const seq = Number(number.slice(prefix.length));
		if (Number.isInteger(seq) && seq > max) max = seq;
	}
	return `${prefix}${String(max + 1).padStart(3, '0')}`;
}

/** Numbers held by more than one hazard, each with the ids holding it. */
export function findNumberClashes(hazards: Iterable<{ id: string; number: string }>): Map<string, string[]> {
	const byNumber = new Map<string, string[]>();
	for (const { id, number } of hazards) byNumber.set(number, [...(byNumber.get(number) ?? []), id]);
	for (const [number, ids] of byNumber) if (ids.length < 2) byNumber.delete(number);
	return byNumber;
}
