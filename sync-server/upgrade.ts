import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { parseRoom } from '../src/lib/model/documents.ts';
import { CloseCode, SYNC_PATH } from '../src/lib/sync/wire.ts';
import type { Admission } from './admission.ts';
import { AuthError, type Authenticate, type ConnectionContext } from './auth.ts';
import { sampledWarn } from './log-sampler.ts';
import type { Logger } from './log.ts';

export interface UpgradeOptions {
	wss: WebSocketServer;
	authenticate: Authenticate;
	log: Logger;
	/** Rate-limits upgrades per address, before the room and token are looked at. */
	admission: Admission;
	/** A socket that passed the room and auth checks. */
	onConnection: (ws: WebSocket, room: string, context: ConnectionContext) => void;
	/** Origins allowed besides the server's own; see `SyncServerOptions.allowedOrigins`. Default none. */
	allowedOrigins?: readonly string[];
	/** Refusals logged per client address per minute; see log-sampler.ts. Default 10. */
	refusalLogsPerMinute?: number;
}

/**
 * Whether a browser page of `origin` may open a socket: the app's own origin (same host as the
 * request's Host header) or one allowed explicitly. A page of another site could otherwise use a
 * member's credentials on their behalf (cross-site WebSocket hijacking). Requests without Origin
 * come from non-browser clients (the CLI, tests, scripts), which carry their own token anyway.
 */
export function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
	const origin = request.headers.origin;
	if (origin === undefined) return true;
	if (allowed.includes(origin)) return true;
	try {
		return new URL(origin).host === request.headers.host;
	} catch {
		return false; // "null" (sandboxed frames, files) and other non-URLs
	}
}

/**
 * The room named by a request path `/sync/<workspace>/<document>[?query]`, taken verbatim (no URL
 * normalisation, so `/sync/../x` stays visible as the invalid room `../x`); null for other paths.
 */
export function roomFromPath(url: string | undefined): string | null {
	const path = (url ?? '').split('?')[0] ?? '';
	const prefix = `${SYNC_PATH}/`;
	return path.startsWith(prefix) ? path.slice(prefix.length) : null;
}

/**
 * Returns the server's `upgrade` listener. Refusals after the path check complete the handshake
 * and then close with a code, because a browser client sees close codes but not HTTP statuses.
 */
export function upgradeHandler(options: UpgradeOptions) {
	const { wss, authenticate, log } = options;
	const refused = sampledWarn(log, { perMinute: options.refusalLogsPerMinute });
	const closeAfterHandshake = (
		request: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		code: number,
		reason: string
	) =>
		wss.handleUpgrade(request, socket, head, (ws) => {
			try {
				ws.close(code, reason.slice(0, 60));
			} catch {
				ws.terminate(); // a code ws refuses to send, e.g. from a faulty authenticate hook
			}
		});

	return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
		// Errors on the raw socket (e.g. the client vanishing mid-handshake) must not crash the process.
		socket.on('error', () => socket.destroy());
		const room = roomFromPath(request.url);
		if (room === null) {
			socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
			return;
		}
		const address = request.socket.remoteAddress ?? 'unknown';
		const { allowed, firstRefusal } = options.admission.takeUpgrade(address);
		if (!allowed) {
			if (firstRefusal) log.warn('upgrades rate limited', { address, closeCode: CloseCode.rateLimited });
			closeAfterHandshake(
				request,
				socket,
				head,
				CloseCode.rateLimited,
				'too many connections from this address'
			);
			return;
		}
		if (!originAllowed(request, options.allowedOrigins ?? [])) {
			refused(address, 'origin refused', { origin: request.headers.origin?.slice(0, 200) });
			closeAfterHandshake(request, socket, head, CloseCode.forbidden, 'origin');
			return;
		}
		const parsed = parseRoom(room);
		if (parsed === null) {
			refused(address, 'invalid room', { room: room.slice(0, 200) });
			closeAfterHandshake(request, socket, head, CloseCode.badRoom, 'invalid room');
			return;
		}
		// Through a promise chain so that a hook throwing synchronously is a refusal, not a crash.
		Promise.resolve()
			.then(() => authenticate(request, parsed))
			.then(
				(context) =>
					wss.handleUpgrade(request, socket, head, (ws) => options.onConnection(ws, room, context)),
				(error: unknown) => {
					if (error instanceof AuthError) {
						refused(address, 'connection refused', {
							room: room.slice(0, 200),
							code: error.closeCode,
							reason: error.reason
						});
						closeAfterHandshake(request, socket, head, error.closeCode, error.reason);
					} else {
						log.error('authenticate failed', { room, error });
						closeAfterHandshake(request, socket, head, CloseCode.internalError, 'authentication failed');
					}
				}
			);
	};
}
