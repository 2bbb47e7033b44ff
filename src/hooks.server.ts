import type { Handle } from '@sveltejs/kit';
import { createHash } from 'node:crypto';

/** SvelteKit's start script imports the app's two entries in one `Promise.all([...])`. */
const START_OPEN = 'Promise.all([';
const START_CLOSE = ']).then(([kit, app])';
const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;

/**
 * Runs only as the pages are prerendered (`vite build`: the app has no server of its own).
 *
 * The app's start waits for `window.__xiaoanKeptFrame` when the kept screen's script has set it
 * (only when the page shows a kept screen): the kept rows' first frame is then painted before the
 * app's code is evaluated, instead of behind it. The entries are fetched and compiled meanwhile
 * (the page preloads them). The page's content security policy allows the start script by its
 * hash, which changes with it. A SvelteKit whose start script reads differently fails the build
 * here rather than silently losing the wait.
 */
export const handle: Handle = ({ event, resolve }) =>
	resolve(event, { transformPageChunk: ({ html }) => waitForKeptFrame(html) });

function waitForKeptFrame(html: string): string {
	let hashes: [before: string, after: string] | undefined;
	const page = html.replace(INLINE_SCRIPT, (element, script: string) => {
		if (!script.includes('kit.start(')) return element;
		if (script.split(START_OPEN).length !== 2 || script.split(START_CLOSE).length !== 2) {
			throw new Error("SvelteKit's start script has changed: update src/hooks.server.ts");
		}
		const waiting = script
			.replace(START_OPEN, `(window.__xiaoanKeptFrame || Promise.resolve()).then(() => ${START_OPEN}`)
			.replace(START_CLOSE, `]))${START_CLOSE.slice(2)}`);
		hashes = [`'sha256-${sha256(script)}'`, `'sha256-${sha256(waiting)}'`];
		return `<script>${waiting}</script>`;
	});
	if (hashes === undefined) return html;
	if (page.split(hashes[0]).length !== 2) {
		throw new Error("The start script's hash is not in the page's policy: update src/hooks.server.ts");
	}
	return page.replace(hashes[0], hashes[1]);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64');
