import { isDeviceCode, parseHazardNumber } from '../model/hazard-number.ts';
import type { SessionState } from './session.svelte.ts';

/**
 * This device's hazard number space (docs/ARCHITECTURE.md, "Hazard numbers"): the code the server
 * gave this device session (SessionState.deviceCode), or null when the device has none yet (its
 * session was saved before the server handed out codes, and it has not been online since). The one
 * place that reads it.
 */
export function deviceSpace(app: { session: Pick<SessionState, 'deviceCode'> }): string | null {
	const code = app.session.deviceCode;
	return isDeviceCode(code) ? code : null;
}

const key = (workspace: string, space: string, month: string) =>
	`xiaoan:issued:${workspace}:${space}/${month}`;

/**
 * The last count this device issued in `space` for `month`, remembered outside the ledger in
 * localStorage, which every tab of the device shares (ledger.ts `RegisterOptions.lastIssued`).
 */
export function lastIssued(workspace: string, space: string, month: string): number {
	if (typeof localStorage === 'undefined') return 0;
	const value = Number(localStorage.getItem(key(workspace, space, month)));
	return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** Remembers `number` as issued by this device (kept only when higher than what is remembered). */
export function rememberIssued(workspace: string, number: string): void {
	const parts = parseHazardNumber(number);
	if (parts === null || typeof localStorage === 'undefined') return;
	if (parts.seq <= lastIssued(workspace, parts.space, parts.month)) return;
	localStorage.setItem(key(workspace, parts.space, parts.month), String(parts.seq));
}
