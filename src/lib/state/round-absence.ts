import type { ConnectionState } from '../sync/index.ts';

/**
 * Why a round has no checklist to show: still reading this device (`loading`), no connection
 * (`offline`), fetching it (`downloading`), listed but not yet uploaded by its creator (`waiting`), or
 * the server, fully synced, has no such round (`missing`).
 */
export type RoundAbsence = 'loading' | 'offline' | 'downloading' | 'waiting' | 'missing';

export interface AbsenceInput {
	/** The device's own copy has been read. */
	loaded: boolean;
	/** The round's document and the `meta` index. */
	round: ConnectionState;
	meta: ConnectionState;
	/** The `meta` index lists the round. */
	listed: boolean;
}

/**
 * "Does not exist" only once both documents are synced with the server: before that, an empty
 * round only means this device has not received it yet, and saying it is gone would be false.
 */
export function roundAbsence({ loaded, round, meta, listed }: AbsenceInput): RoundAbsence {
	if (!loaded) return 'loading';
	if (round === 'offline' || meta === 'offline') return 'offline';
	if (round !== 'synced' || meta !== 'synced') return 'downloading';
	return listed ? 'waiting' : 'missing';
}
