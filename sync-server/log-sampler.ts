import type { LogFields, Logger } from './log.ts';

export interface SampledLogOptions {
	/** Lines per key (a client address) per minute; beyond them lines are counted, not written. Default 10. */
	perMinute?: number;
	/** The clock, in milliseconds. Default `Date.now`. */
	now?: () => number;
}

interface Window {
	start: number;
	written: number;
	suppressed: number;
}

const MINUTE_MS = 60_000;
/** Keys remembered at most; beyond it windows older than a minute are forgotten. */
const MAX_KEYS = 10_000;

/**
 * A warning logger that writes at most `perMinute` lines per key per minute, so one client cannot
 * turn a few bytes of refused requests into a line each and fill the disk. The first line written
 * after some were left out carries `suppressed`: how many.
 */
export function sampledWarn(log: Logger, options: SampledLogOptions = {}) {
	const perMinute = options.perMinute ?? 10;
	const now = options.now ?? Date.now;
	const windows = new Map<string, Window>();
	return (key: string, message: string, fields: LogFields = {}): void => {
		const at = now();
		let window = windows.get(key);
		if (window === undefined || at - window.start >= MINUTE_MS) {
			if (windows.size >= MAX_KEYS) forgetOld(windows, at);
			window = { start: at, written: 0, suppressed: window?.suppressed ?? 0 };
			windows.set(key, window);
		}
		if (window.written >= perMinute) {
			window.suppressed += 1;
			return;
		}
		window.written += 1;
		const suppressed = window.suppressed;
		window.suppressed = 0;
		log.warn(message, { ...fields, address: key, ...(suppressed > 0 ? { suppressed } : {}) });
	};
}

function forgetOld(windows: Map<string, Window>, at: number): void {
	for (const [key, window] of windows) if (at - window.start >= MINUTE_MS) windows.delete(key);
}
