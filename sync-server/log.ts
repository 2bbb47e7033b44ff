/** Structured fields attached to a log line. `error` values are reduced to their message. */
export type LogFields = Record<string, unknown>;

/** The server's only way to report: one method per level, one event per call. */
export interface Logger {
	info(message: string, fields?: LogFields): void;
	warn(message: string, fields?: LogFields): void;
	error(message: string, fields?: LogFields): void;
}

type Level = 'info' | 'warn' | 'error';

function serialize(level: Level, message: string, fields: LogFields = {}): string {
	const line: LogFields = { time: new Date().toISOString(), level, msg: message };
	for (const [key, value] of Object.entries(fields)) {
		line[key] = value instanceof Error ? value.message : value;
	}
	return JSON.stringify(line);
}

/**
 * JSON lines on stderr, so stdout stays free for the one "listening on" line that scripts parse.
 * @param write where lines go; default `process.stderr`.
 */
export function jsonLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
	const at = (level: Level) => (message: string, fields?: LogFields) =>
		write(serialize(level, message, fields) + '\n');
	return { info: at('info'), warn: at('warn'), error: at('error') };
}

/** Discards everything; for tests that do not look at logs. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
