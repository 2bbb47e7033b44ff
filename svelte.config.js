import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: the sync server serves `build/` and falls back to
		// `200.html` for every client route, and so does the service worker offline.
		adapter: adapter({ fallback: '200.html', strict: true }),
		serviceWorker: { register: false }
	}
};

export default config;
