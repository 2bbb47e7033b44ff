import type { WebSocket, WebSocketServer } from 'ws';

/**
 * Pings every socket each `intervalMs` and terminates those that did not answer the previous
 * ping: a phone that lost signal never sends a close frame, and its socket would linger forever.
 * Returns a function that stops it.
 */
export function startKeepalive(wss: WebSocketServer, intervalMs: number): () => void {
	const watched = new WeakSet<WebSocket>();
	const silent = new WeakSet<WebSocket>();
	const timer = setInterval(() => {
		for (const ws of wss.clients) {
			if (silent.has(ws)) {
				ws.terminate();
				continue;
			}
			if (!watched.has(ws)) {
				watched.add(ws);
				ws.on('pong', () => silent.delete(ws));
			}
			silent.add(ws);
			ws.ping();
		}
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
