/**
 * The kept screen: what a screen last showed on this device, painted before the app has booted.
 *
 * Opening 台账 in a new tab costs a phone or a desk about a second before the app has started
 * (its code read and run, the shell and the screen mounted), even with the ledger's first rows
 * kept (ledger-first-rows.ts). A screen that opts in keeps its own markup, at the top of its
 * opening state, in Cache Storage (kept-screen-page.ts). On the next open of the same address,
 * with no query, the service worker serves the route's page with that markup first in its body,
 * inert (it can be seen, not used): the parser draws the rows with the page itself, a few hundred
 * milliseconds after the tap, with no script and no storage read on the page's main thread.
 * `static/kept-screen.js` lets that frame be painted before the app's code is evaluated, and the
 * app removes the copy in the same frame as its own first render.
 *
 * Who may see it is settled when it is written, not when it is read (the worker cannot read the
 * session in localStorage): a screen is kept only when it was drawn for the device's session and
 * language as they stand, and a change of member, role or workspace (SessionState) and of language
 * (i18n) forget every kept screen, as does a sign-out. The worker also checks the session's expiry
 * and the build (another version of the app has other class names and markup) and deletes the
 * cache with each new version. Each page's styles are inside it (svelte.config.js,
 * `inlineStyleThreshold`), so the kept screen waits for no stylesheet.
 */
import { version } from '$app/environment';
import { storedLocale, type Locale } from '../i18n/i18n.svelte.ts';
import { loadSession, sameMember, type CachedSession } from './session-store.ts';
import {
	KEPT_CACHE,
	KEPT_HOLDER,
	KEPT_META_HEADER,
	KEPT_VERSION,
	keptMetaHeader,
	type KeptMeta
} from './kept-screen-page.ts';

export { forgetKeptScreens } from './kept-screen-page.ts';

/** Larger markup is not kept: the worker reads it on each open of the address. */
const MAX_CHARS = 256 * 1024;

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
 * open, nothing focused that is being typed into; and only when it was drawn for the device's
 * session and language as they stand (another tab may have signed in as someone else, or switched
 * the language, since this one started). Resolves to whether it kept it; storage that is full or
 * missing only loses the head start.
 */
export async function keepScreen(drawnFor: CachedSession, lang: Locale): Promise<boolean> {
	const root = document.getElementById('app');
	const session = loadSession();
	if (typeof caches === 'undefined' || root === null || session === null) return false;
	if (!sameMember(session, drawnFor) || lang !== storedLocale()) return false;
	if (window.scrollY > 8 || document.querySelector('dialog[open]') !== null) return false;
	const active = document.activeElement;
	if (active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement) return false;
	const html = keptMarkup(root);
	if (html.length > MAX_CHARS) return false;
	const meta: KeptMeta = {
		v: KEPT_VERSION,
		build: version,
		expiresAt: session.expiresAt,
		title: document.title,
		at: Date.now()
	};
	try {
		const cache = await caches.open(KEPT_CACHE);
		await cache.put(
			location.pathname,
			new Response(html, {
				headers: { 'content-type': 'text/html; charset=utf-8', [KEPT_META_HEADER]: keptMetaHeader(meta) }
			})
		);
		return true;
	} catch {
		return false;
	}
}

/**
 * Removes the kept screen: the app has mounted and drawn its own (the root layout's onMount, in the
 * same frame as the screen's first render, so nothing flashes).
 */
export function releaseKeptScreen(): void {
	if (typeof document !== 'undefined') document.getElementById(KEPT_HOLDER)?.remove();
}
