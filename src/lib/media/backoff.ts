export interface BackoffOptions {
	/** Wait after the first failure. Default 2 000 ms. */
	baseMs?: number;
	/** The doubling stops here. Default 300 000 ms (5 min): a queue offline all day tries every ~5 min. */
	maxMs?: number;
	/**
	 * Spread around the delay, as a fraction (0.25: ±25 %), so a school's phones that lost the
	 * network together do not all come back in the same second. Default 0.25.
	 */
	jitter?: number;
}

/** The wait before attempt `attempts + 1`, after `attempts` (≥ 1) failures. `random()` in [0, 1). */
export function backoffDelay(attempts: number, random: () => number, options: BackoffOptions = {}): number {
	const { baseMs = 2000, maxMs = 300_000, jitter = 0.25 } = options;
	const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
	return Math.round(delay * (1 - jitter + 2 * jitter * random()));
}
