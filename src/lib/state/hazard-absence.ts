import type { ConnectionState } from '../sync/index.ts';

/**
 * Why a hazard's page has no entry to show: still reading this device (`loading`), the entry is not
 * on this device and there is no connection (`offline`), the ledger is still arriving from the
 * server (`downloading`), or the server, fully synced, has no such entry (`missing`).
 */
export type HazardAbsence = 'loading' | 'offline' | 'downloading' | 'missing';

/**
 * "Does not exist" only once the ledger is synced with the server: before that, a missing entry
 * only means this device has not received it yet (a link sent by someone who registered it a minute
 * ago), and saying it is gone would be false. The rule of round-absence.ts, with one document.
 */
export function hazardAbsence(loaded: boolean, ledger: ConnectionState): HazardAbsence {
	if (!loaded) return 'loading';
	if (ledger === 'offline') return 'offline';
	return ledger === 'synced' ? 'missing' : 'downloading';
}
