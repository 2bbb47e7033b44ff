/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/// <reference types="@sveltejs/kit" />
import { build, files, prerendered, version } from '$service-worker';

// The app shell: every built asset, every static file (manifest, icons) and the prerendered pages.
// The data lives in IndexedDB and syncs over the WebSocket, which a service worker never sees.
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `xiaoan-shell-${version}`;
const SHELL = [...build, ...files, ...prerendered, '/200.html'];

sw.addEventListener('install', (event) => {
	event.waitUntil(
		(async () => {
			const cache = await caches.open(CACHE);
			await cache.addAll(SHELL);
			// No skipWaiting here: an open page may still load chunks of its own version, which
			// activating now would delete. The page offers the update and sends SKIP_WAITING.
		})()
	);
});

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
 * Navigations get the SPA fallback page, which routes on the client. Anything else goes to the
 * network and falls back to the cache.
 */
async function respond(request: Request, url: URL): Promise<Response> {
	const cache = await caches.open(CACHE);
	if (request.mode === 'navigate') {
		const page =
			(await cache.match(url.pathname === '/' ? '/' : '/200.html')) ?? (await cache.match('/200.html'));
		if (page) return page;
	}
	const cached = await cache.match(request);
	if (cached) return cached;
	try {
		return await fetch(request);
	} catch {
		return new Response('offline', { status: 503, statusText: 'offline' });
	}
}
