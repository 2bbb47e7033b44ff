/**
 * The kept screen: what a screen last showed on this device, painted before the app has booted.
 *
 * Opening 台账 in a new tab costs a phone or a desk about a second before the app has started
 * (its code read and run, the shell and the screen mounted), even with the ledger's first rows
 * kept (ledger-first-rows.ts). A screen that opts in keeps its own markup here, at the top of
 * its opening state; `static/kept-screen.js`, a small classic script that runs while the page
 * is parsed, puts that markup back on the next open of the same address, inert (it can be seen,
 * not used), so the rows are on screen a few hundred milliseconds after the tap. The app then
 * draws the screen itself and the shell removes the kept copy in the same frame.
 *
 * What is kept, per address, in localStorage (read synchronously before anything else runs):
 * `{ v, path, workspace, member, role, lang, build, title, html, at }`. The script shows it only
 * to the same member with the same role and language, signed in (an unexpired session), and only
 * on a page of the build that kept it (another version of the app has other class names and
 * markup: it shows nothing rather than a wrong screen). Each page's styles are inside it
 * (svelte.config.js, `inlineStyleThreshold`), so the script waits for no stylesheet. Sign-out
 * forgets every kept screen. Change the format with the script: both read `VERSION`.
 */
import { version } from '$app/environment';
import { forgetKeys, localStore } from './local-store.ts';

export const KEPT_SCREEN_PREFIX = 'xiaoan:kept-screen:';
/** The format's version; static/kept-screen.js shows only this one. */
const VERSION = 1;
/** The holder's id, as static/kept-screen.js makes it. */
const HOLDER = 'kept-screen';
/** Larger markup is not kept: localStorage is small, and the script parses it on the main thread. */
const MAX_CHARS = 256 * 1024;

export interface KeptScreenOwner {
	workspace: string;
	member: string;
	role: string;
}

/**
 * The markup of the app's root (`#app`, src/app.html) as it should be shown before the app runs:
 * without what is only true of this moment (elements marked `data-unkept`: the sync state, open
 * dialogs), and with `data-testid` renamed `data-kept-testid`, so that nothing that looks for the
 * app's own elements (tests, the bench) takes the kept copy for them.
 */
export function keptMarkup(root: Element): string {
	const copy = root.cloneNode(true) as Element;
	for (const element of copy.querySelectorAll('[data-unkept], dialog, script')) element.remove();
	for (const element of copy.querySelectorAll('[data-testid]')) {
		element.setAttribute('data-kept-testid', element.getAttribute('data-testid') ?? '');
		element.removeAttribute('data-testid');
	}
	return copy.innerHTML;
}

/**
 * Keeps the current screen for the next open of this address, when it shows what an open shows:
 * the top of the page (virtualised lists draw only what is near the scroll position), no dialog
 * open, nothing focused that is being typed into. Returns whether it kept it.
 */
export function keepScreen(owner: KeptScreenOwner): boolean {
	const store = localStore();
	const root = document.getElementById('app');
	if (store === null || root === null) return false;
	if (window.scrollY > 8 || document.querySelector('dialog[open]') !== null) return false;
	const active = document.activeElement;
	if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) return false;
	const html = keptMarkup(root);
	if (html.length > MAX_CHARS) return false;
	const kept = {
		v: VERSION,
		path: location.pathname,
		...owner,
		lang: document.documentElement.lang,
		build: version,
		title: document.title,
		html,
		at: Date.now()
	};
	try {
		store.setItem(KEPT_SCREEN_PREFIX + location.pathname, JSON.stringify(kept));
		return true;
	} catch {
		// Storage full: the kept screen is only a head start.
		return false;
	}
}

/**
 * Removes the kept screen: the app has mounted and drawn its own (the root layout's onMount, in the
 * same frame as the screen's first render, so nothing flashes).
 */
export function releaseKeptScreen(): void {
	if (typeof document !== 'undefined') document.getElementById(HOLDER)?.remove();
}

/** Forgets every kept screen on this device (sign-out). */
export function forgetKeptScreens(): void {
	forgetKeys(KEPT_SCREEN_PREFIX);
}
