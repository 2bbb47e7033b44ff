/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
import { build, files, prerendered, version } from '$service-worker';
import {
	KEPT_CACHE,
	KEPT_META_HEADER,
	keptScreenPage,
	mayShowKept,
	readKeptMeta
} from '$lib/state/kept-screen-page';

// The app shell: every built asset, every static file (manifest, icons) and the prerendered pages.
// The data lives in IndexedDB and syncs over the WebSocket, which a service worker never sees.
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `xiaoan-shell-${version}`;
const SHELL = [...build, ...files, ...prerendered, '/200.html'];

/** The static routing API (Chrome 123+), not yet in TypeScript's lib. */
type RoutingInstallEvent = ExtendableEvent & {
	addRoutes?: (
		rules: { condition: { urlPattern: string }; source: { cacheName: string } }[]
	) => Promise<void>;
};

sw.addEventListener('install', (event) => {
	// The built code and styles (hashed, never changed) and the kept screen's script are served by
	// the browser straight from this version's cache, without waking this worker for each: a cold
	// open of 台账 asks for seven scripts and the kept screen's at once, and the worker would
	// answer them one after another.
	// Where the API is missing, the fetch handler below serves them from the same cache.
	const routing = (event as RoutingInstallEvent).addRoutes?.(
		['/_app/immutable/*', '/kept-screen.js'].map((urlPattern) => ({
			condition: { urlPattern },
			source: { cacheName: CACHE }
		}))
	);
	if (routing) event.waitUntil(routing.catch(() => undefined));
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll(SHELL);
			// No skipWaiting here: an open page may still load chunks of its own version, which
			// activating now would delete. The page offers the update and sends SKIP_WAITING.
		})()
	);
});

// The previous version's shell goes, and the screens it kept (their markup is of that version).
sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin || url.pathname.startsWith('/sync') || url.pathname === '/healthz')
		return;
	event.respondWith(respond(request, url));
});

/**
 * Cache first for the shell: a phone in a dead zone on campus must not wait for a network timeout.
 * Navigations get the route's prerendered page where there is one (台账, 方案, …): it preloads that
 * route's code with the app's, where the SPA fallback page would fetch it only once the app had
 * started, a second trip through this worker. Other routes get the fallback page, which routes on
 * the client. Anything else goes to the network and falls back to the cache.
 */
async function respond(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	if (request.mode === 'navigate') {
		// Both read at once: the kept screen only for the address itself, with no query.
		const kept = url.search === '' ? keptScreen(url.pathname) : Promise.resolve(undefined);
		const route = await cache.match(url.pathname);
		if (route) return withKeptScreen(route, await kept);
		const fallback = await cache.match('/200.html');
		if (fallback) return fallback;
	}
	const cached = await cache.match(request);
	if (cached) return cached;
	try {
		return await fetch(request);
	} catch {
		return new Response('offline', { status: 503, statusText: 'offline' });
	}
}

/** The screen this device kept of `pathname` (src/lib/state/kept-screen.ts), if any. */
async function keptScreen(pathname: string): Promise<Response | undefined> {
	try {
		return await caches.match(pathname, { cacheName: KEPT_CACHE });
	} catch {
		return undefined;
	}
}

/**
 * The route's page with the screen this device last kept of it, if one may be shown: the rows
 * come with the page, before any script has run.
 */
async function withKeptScreen(page: Response, kept: Response | undefined): Promise<Response> {
	try {
		const meta = readKeptMeta(kept?.headers.get(KEPT_META_HEADER) ?? null);
		if (!kept || !mayShowKept(meta, version, Date.now())) return page;
		const [html, markup] = await Promise.all([page.clone().text(), kept.text()]);
		return new Response(keptScreenPage(html, markup, meta.title), {
			headers: { 'content-type': 'text/html; charset=utf-8' }
		});
	} catch {
		return page;
	}
}
