import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { SYNC_PATH } from '../src/lib/sync/wire.ts';

export interface HttpOptions {
	/** The built SPA; when it does not exist, every path but `/healthz` answers 404. */
	staticDir: string;
	/** True once storage is open and until shutdown begins. */
	isReady: () => boolean;
	/** Handles `/api/…`; without it those paths answer a JSON 404. Default: none. */
	api?: RequestListener;
}

/**
 * On every response. The page's own policy (scripts by hash, connections to itself) is a <meta>
 * tag from SvelteKit's `kit.csp` (svelte.config.js); a header adds what a <meta> policy cannot
 * carry (`frame-ancestors`), and what holds for every response (API JSON included). Sign-in links
 * carry the token in the fragment, which no Referer includes; `no-referrer` is a second guard.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'Content-Security-Policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'",
	'X-Frame-Options': 'DENY',
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer'
};

function setCacheHeaders(res: ServerResponse, pathname: string): void {
	if (pathname.startsWith('/_app/immutable/')) {
		// Content-hashed file names: a changed file gets a new name.
		res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
	} else if (pathname === '/service-worker.js' || pathname.endsWith('.html') || !pathname.includes('.')) {
		// The shell and the worker must be revalidated, or a deploy never reaches installed apps.
		res.setHeader('Cache-Control', 'no-cache');
	}
}

function notFound(_req: IncomingMessage, res: ServerResponse): void {
	res.statusCode = 404;
	res.end('not found');
}

/** Serves `/healthz`, `/api/…`, the built SPA (falling back to `200.html` for client routes), and 404s. */
export function httpHandler(options: HttpOptions): RequestListener {
	const serveStatic = existsSync(join(options.staticDir, '200.html'))
		? sirv(options.staticDir, { single: '200.html', etag: true, setHeaders: setCacheHeaders })
		: null;
	return (req, res) => {
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		if (path === '/healthz') {
			const ready = options.isReady();
			res.writeHead(ready ? 200 : 503, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' });
			res.end(ready ? 'ok' : 'starting');
			return;
		}
		if (path === '/api' || path.startsWith('/api/')) {
			if (options.api !== undefined) return void options.api(req, res);
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ error: 'not_found', message: 'this server has no accounts' }));
			return;
		}
		if (path === SYNC_PATH || path.startsWith(`${SYNC_PATH}/`)) {
			res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
			res.end('WebSocket only');
			return;
		}
		if (serveStatic === null) return notFound(req, res);
		serveStatic(req, res, () => notFound(req, res));
	};
}
