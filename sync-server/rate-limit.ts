/** How many messages a socket may send: a sustained rate plus a burst allowance. */
export interface RateLimit {
	/** Messages per second, refilled continuously. */
	perSecond: number;
	/** Bucket size: how many messages may arrive at once (e.g. a reconnect's catch-up). */
	burst: number;
}

/** A token bucket: starts full, refills at `perSecond`, and `take` fails when it is empty. */
export class TokenBucket {
	readonly #limit: RateLimit;
	readonly #now: () => number;
	#tokens: number;
	#last: number;

	/** @param now milliseconds from a monotonic clock; default `performance.now`. */
	constructor(limit: RateLimit, now: () => number = () => performance.now()) {
		this.#limit = limit;
		this.#now = now;
		this.#tokens = limit.burst;
		this.#last = now();
	}

	take(): boolean {
		this.#refill();
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}

	/** True when the bucket has refilled completely: it can be forgotten and made anew. */
	get full(): boolean {
		this.#refill();
		return this.#tokens >= this.#limit.burst;
	}

	#refill(): void {
		const now = this.#now();
		this.#tokens = Math.min(
			this.#limit.burst,
			this.#tokens + ((now - this.#last) / 1000) * this.#limit.perSecond
		);
		this.#last = now;
	}
}
