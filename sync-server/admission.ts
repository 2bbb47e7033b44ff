import { TokenBucket, type RateLimit } from './rate-limit.ts';

export interface AdmissionLimits {
	/** Open sockets one member may hold on this server. */
	maxSocketsPerMember: number;
	/** New WebSocket upgrades per remote address, checked before the token. */
	upgradesPerAddress: RateLimit;
}

interface AddressEntry {
	bucket: TokenBucket;
	lastSeen: number;
	/** A refusal was logged since the last upgrade let through: one log line per burst, not per try. */
	refusalLogged: boolean;
}

/** Addresses kept before idle ones are swept; sweeping costs a pass over them. */
const SWEEP_ABOVE = 1_024;

/**
 * Who may open one more socket. Every socket costs memory and a share of every broadcast, and one
 * token once opened 1,000 of them: sockets are counted per member, and upgrades (which cost a
 * token check before anyone is known) are rate-limited per address.
 */
export class Admission {
	readonly #limits: AdmissionLimits;
	readonly #addresses = new Map<string, AddressEntry>();
	readonly #members = new Map<string, number>();
	#lastSweep = 0;

	constructor(limits: AdmissionLimits) {
		this.#limits = limits;
	}

	/**
	 * Takes one upgrade from `address`'s bucket. Returns false if it is empty, and whether this is
	 * the first refusal since the last admitted upgrade (worth logging).
	 */
	takeUpgrade(address: string): { allowed: boolean; firstRefusal: boolean } {
		const now = performance.now();
		let entry = this.#addresses.get(address);
		if (entry === undefined) {
			// At most once a second: under a flood from many addresses a sweep per upgrade is quadratic.
			if (this.#addresses.size >= SWEEP_ABOVE && now - this.#lastSweep > 1_000) this.#sweep(now);
			entry = {
				bucket: new TokenBucket(this.#limits.upgradesPerAddress),
				lastSeen: now,
				refusalLogged: false
			};
			this.#addresses.set(address, entry);
		}
		entry.lastSeen = now;
		if (entry.bucket.take()) {
			entry.refusalLogged = false;
			return { allowed: true, firstRefusal: false };
		}
		const firstRefusal = !entry.refusalLogged;
		entry.refusalLogged = true;
		return { allowed: false, firstRefusal };
	}

	/** Counts a socket of `memberId`, unless the member already holds the most allowed. */
	join(memberId: string): boolean {
		const count = this.#members.get(memberId) ?? 0;
		if (count >= this.#limits.maxSocketsPerMember) return false;
		this.#members.set(memberId, count + 1);
		return true;
	}

	/** A socket counted by `join` closed. */
	leave(memberId: string): void {
		const count = (this.#members.get(memberId) ?? 0) - 1;
		if (count > 0) this.#members.set(memberId, count);
		else this.#members.delete(memberId);
	}

	/** Forgets addresses idle long enough for their bucket to be full again: they start fresh anyway. */
	#sweep(now: number): void {
		const { perSecond, burst } = this.#limits.upgradesPerAddress;
		this.#lastSweep = now;
		const refillMs = (burst / perSecond) * 1000;
		for (const [address, entry] of this.#addresses) {
			if (now - entry.lastSeen >= refillMs) this.#addresses.delete(address);
		}
	}
}
