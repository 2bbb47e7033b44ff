import { parseStats, type RoundStats } from '../model/derived.ts';
import { localStore } from './local-store.ts';

/**
 * This device's own summary of each round it changed, kept in localStorage. The server's summary in
 * `meta` cannot include changes it has not received, so while a round holds changes not yet stored
 * (an inspector in a dead zone), lists show this one on top of it.
 */
export interface LocalRoundStats {
	get(roundId: string): RoundStats | null;
	set(roundId: string, stats: RoundStats): void;
}

/** What this tab last wrote per key: a keystroke in a note changes no count, and writes nothing. */
const written = new Map<string, string>();

export function localRoundStats(workspace: string): LocalRoundStats {
	const storage = localStore();
	const key = (roundId: string) => `xiaoan:round-stats:${workspace}:${roundId}`;
	return {
		get(roundId) {
			try {
				return parseStats(JSON.parse(storage?.getItem(key(roundId)) ?? 'null'));
			} catch {
				return null;
			}
		},
		set(roundId, stats) {
			const json = JSON.stringify(stats);
			if (written.get(key(roundId)) === json) return;
			try {
				storage?.setItem(key(roundId), json);
				written.set(key(roundId), json);
			} catch {
				// localStorage full: lists show the server's summary until this round's changes are stored.
			}
		}
	};
}
