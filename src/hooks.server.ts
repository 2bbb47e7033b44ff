import type { Handle } from '@sveltejs/kit';
import { version } from '$app/environment';

/**
 * Runs only as the pages are prerendered (`vite build`: the app has no server of its own). Each
 * page names the build it belongs to, for static/kept-screen.js: a screen kept by another version
 * of the app has other class names and markup, and is not shown.
 */
export const handle: Handle = ({ event, resolve }) =>
	resolve(event, {
		transformPageChunk: ({ html }) =>
			html.replace('</title>', `</title>\n\t\t<meta name="xiaoan-build" content="${version}" />`)
	});
