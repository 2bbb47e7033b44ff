import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { plainField } from './hazard-record.ts';
import { chinaMonth } from './time.ts';

/**
 * Human hazard numbers (隐患编号), e.g. `2026-11-C-007`: the month of registration (China time), the
 * code of the device that registered it, and that device's running count for the month.
 *
 * Unique by construction: each device signs in once, online (joining needs the server), and the
 * server gives every device session of a workspace the next number of one sequence, `deviceCode(n)`.
 * A device alone issues numbers in its space, so no two devices, of one member or of two, offline or
 * not, can issue the same number, and none ever needs renumbering: the number is final the moment it
 * is made and is what gets printed. Numbers of the first app version (`2026-7KQ2-003`, per member) stay
 * as they are; the two shapes cannot meet. See docs/ARCHITECTURE.md, "Hazard numbers".
 *
 * The count lives in the ledger's `counters` map, one key per device and month, written only by that
 * device in the transaction that registers: registering reads one key, never every number.
 */
const COUNTERS = 'counters';

/** Crockford-style letters without I and O, so a code read aloud or copied by hand stays unambiguous. */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DEVICE_CODE = /^[A-HJ-NP-Z]{1,4}$/;

/** The code of the `n`th device session of a workspace (1 → A, 24 → Z, 25 → AA …). */
export function deviceCode(n: number): string {
	if (!Number.isInteger(n) || n < 1 || n > 24 ** 4) throw new RangeError(`no device code for ${n}`);
	let code = '';
	for (let rest = n; rest > 0; rest = Math.floor((rest - 1) / LETTERS.length)) {
		code = LETTERS[(rest - 1) % LETTERS.length] + code;
	}
	return code;
}

export function isDeviceCode(value: unknown): value is string {
	return typeof value === 'string' && DEVICE_CODE.test(value);
}

export function requireDeviceCode(value: unknown): string {
	if (!isDeviceCode(value))
		throw new ModelError('invalid_id', 'the device code must be 1–4 capital letters', {
			field: 'numberSpace'
		});
	return value;
}

export function formatHazardNumber(space: string, at: number, seq: number): string {
	return `${chinaMonth(at)}-${space}-${String(seq).padStart(3, '0')}`;
}

export interface HazardNumberParts {
	/** `YYYY-MM` */
	month: string;
	space: string;
	seq: number;
}

const NUMBER = /^(\d{4}-\d{2})-([A-HJ-NP-Z]{1,4})-(\d{3,})$/;

/** The parts of a number in this shape; null for any other (including the first version's). */
export function parseHazardNumber(number: string): HazardNumberParts | null {
	const match = NUMBER.exec(number);
	if (match === null) return null;
	return { month: match[1]!, space: match[2]!, seq: Number(match[3]) };
}

/** Counts of records scanned for a number, for tests (a scan happens once per device and month at most). */
export const numberScans = { records: 0 };

/**
 * The next number in `space` for the month of `at`, recorded as issued. Must run inside the
 * transaction that stores the record. O(1) but for the first number of a month on this device or a
 * damaged count, when the device's own numbers of that month are looked up once (a count lost to a
 * bad update must never make a device issue a number twice).
 *
 * `lastIssued` is the last count of that month the device itself remembers issuing, outside the
 * document (the state layer keeps it in localStorage, shared by the device's tabs): a tab whose copy
 * of the ledger has not yet received another tab's registration still numbers after it.
 */
export function issueHazardNumber(doc: Y.Doc, space: string, at: number, lastIssued = 0): string {
	const counters = doc.getMap<unknown>(COUNTERS);
	const month = chinaMonth(at);
	const key = `${space}/${month}`;
	const stored = counters.get(key);
	const counted =
		Number.isSafeInteger(stored) && (stored as number) >= 0
			? (stored as number)
			: highestSeq(doc, space, month);
	const last = Number.isSafeInteger(lastIssued) && lastIssued > counted ? lastIssued : counted;
	counters.set(key, last + 1);
	return formatHazardNumber(space, at, last + 1);
}

function highestSeq(doc: Y.Doc, space: string, month: string): number {
	let max = 0;
	doc.getMap<unknown>('hazards').forEach((rec) => {
		numberScans.records++;
		const number = rec instanceof Y.Map ? plainField(rec, 'number') : undefined;
		const parts = typeof number === 'string' ? parseHazardNumber(number) : null;
		if (parts !== null && parts.space === space && parts.month === month) max = Math.max(max, parts.seq);
	});
	return max;
}

/** Numbers held by more than one hazard, each with the ids holding it (a damaged or hostile ledger). */
export function findNumberClashes(hazards: Iterable<{ id: string; number: string }>): Map<string, string[]> {
	const byNumber = new Map<string, string[]>();
	for (const { id, number } of hazards) byNumber.set(number, [...(byNumber.get(number) ?? []), id]);
	for (const [number, ids] of byNumber) if (ids.length < 2) byNumber.delete(number);
	return byNumber;
}
