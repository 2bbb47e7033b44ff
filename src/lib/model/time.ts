/**
 * Timestamps. Records store milliseconds since the epoch from the device clock, which may be wrong.
 *
 * `nextAt` keeps a new entry ordered after every entry this device has already seen for the same record:
 * without it, a tap on a device whose clock runs behind another device's would sort before the answer it
 * replaces and seem to do nothing. The cost is that an entry after one from a device whose clock runs
 * ahead shows that later time (+1 ms), a fair price for "my last tap wins".
 */
export function nextAt(now: number, seen: Iterable<{ at: number }>): number {
	let at = now;
	for (const entry of seen) if (entry.at >= at) at = entry.at + 1;
	return at;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The calendar year in China Standard Time (UTC+8, no daylight saving). Human numbers use it so every
 * device agrees on the year of a timestamp whatever its own time zone.
 */
export function chinaYear(at: number): number {
	return new Date(at + CHINA_OFFSET_MS).getUTCFullYear();
}

/** The month of `now` on this device's calendar, as `YYYY-MM`. */
export function monthOf(now: number = Date.now()): string {
	const date = new Date(now);
	return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** `at` on the China calendar (UTC+8), as a Date whose UTC fields read as China time. */
function chinaFields(at: number): Date {
	return new Date(at + CHINA_OFFSET_MS);
}

/** The month of `at` in China time, as `YYYY-MM`. */
export function chinaMonth(at: number): string {
	return chinaDate(at).slice(0, 7);
}

/** The date of `at` in China time, as `YYYY-MM-DD` ('' for a time no calendar holds). */
export function chinaDate(at: number): string {
	return chinaIso(at).slice(0, 10);
}

/** The date and minute of `at` in China time, as `YYYY-MM-DD HH:mm` ('' for no real time). */
export function chinaDateTime(at: number): string {
	const iso = chinaIso(at);
	return iso === '' ? '' : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Readers pass stored times, which may be anything finite: never throw on one out of range. */
function chinaIso(at: number): string {
	const date = chinaFields(at);
	return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
