import type { Actor } from '../model/origin.ts';

const KEY = 'xiaoan:profile';

/**
 * This device's member until accounts exist: a random id and a name the user can change.
 * Answers carry both, so history stays readable after a rename.
 */
export function loadProfile(): Actor {
	const stored = localStorage.getItem(KEY);
	if (stored) {
		try {
			const parsed = JSON.parse(stored) as Partial<Actor>;
			if (typeof parsed.id === 'string' && typeof parsed.name === 'string')
				return { id: parsed.id, name: parsed.name };
		} catch {
			// A damaged profile is replaced below; nothing else depends on it.
		}
	}
	const id = crypto.randomUUID();
	const profile: Actor = { id, name: `检查员${id.slice(0, 4).toUpperCase()}` };
	saveProfile(profile);
	return profile;
}

export function saveProfile(profile: Actor): void {
	localStorage.setItem(KEY, JSON.stringify(profile));
}

const PALETTE = ['#2563eb', '#9333ea', '#db2777', '#ea580c', '#0891b2', '#4f46e5', '#65a30d', '#c2410c'];

/** A stable colour per member, for presence dots and carets (6-digit hex, as carets need). */
export function memberColor(memberId: string): string {
	let hash = 0;
	for (const char of memberId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PALETTE[hash % PALETTE.length] ?? '#2563eb';
}
