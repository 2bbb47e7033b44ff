import { TokenBucket, type RateLimit } from '../rate-limit.ts';

/** Addresses remembered at most; beyond it the full (idle) buckets are forgotten first. */
const MAX_ADDRESSES = 10_000;

/**
 * A token bucket per client address, for requests that need no token (joining). Generous enough
 * for a staff meeting joining at once from the school's one NAT address, far too slow to guess a
 * 60-bit invite code.
 */
export class AddressLimiter {
	readonly #limit: RateLimit;
	readonly #buckets = new Map<string, TokenBucket>();

	/** @param limit per address; e.g. a burst of 60, then one every 5 s (`perSecond: 0.2`). */
	constructor(limit: RateLimit) {
		this.#limit = limit;
	}

	take(address: string): boolean {
		let bucket = this.#buckets.get(address);
		if (bucket === undefined) {
			if (this.#buckets.size >= MAX_ADDRESSES) this.#prune();
			bucket = new TokenBucket(this.#limit);
			this.#buckets.set(address, bucket);
		}
		return bucket.take();
	}

	#prune(): void {
		for (const [address, bucket] of this.#buckets) if (bucket.full) this.#buckets.delete(address);
		// Still full of busy addresses: forget the oldest half rather than grow without bound.
		if (this.#buckets.size >= MAX_ADDRESSES) {
			for (const address of [...this.#buckets.keys()].slice(0, MAX_ADDRESSES / 2))
				this.#buckets.delete(address);
		}
	}
}
