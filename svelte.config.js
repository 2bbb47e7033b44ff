import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: the sync server serves `build/` and falls back to
		// `200.html` for every client route, and so does the service worker offline.
		adapter: adapter({ fallback: '200.html', strict: true }),
		serviceWorker: { register: false },
		// Each page's styles go inside it, so its first paint waits for no stylesheet (the kept
		// screen, static/kept-screen.js, paints as the page is parsed); the service worker keeps
		// the pages, and the whole app's styles are under 100 KB.
		inlineStyleThreshold: 200_000,
		// Every page is prerendered (the SPA fallback too), so hashes of SvelteKit's inline bootstrap
		// script go into a <meta> policy; the sync server adds what only a header can carry
		// (frame-ancestors) in sync-server/http.ts. Styles stay 'unsafe-inline': Svelte sets style
		// attributes and transitions insert <style> elements at run time.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
