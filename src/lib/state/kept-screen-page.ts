/**
 * The kept screen as the service worker serves it (kept-screen.ts writes it, src/service-worker.ts
 * reads it): one entry per address in the Cache Storage cache `KEPT_CACHE`, its body the screen's
 * markup, its `KEPT_META_HEADER` header what decides whether it may be shown. Pure: no DOM, no
 * app state, so that the worker and the tests use it as the page does.
 */

/** The cache that holds the kept screens. The worker deletes it with each new version of the app. */
export const KEPT_CACHE = 'xiaoan-kept';
/** The header of a kept entry that carries its `KeptMeta` (`keptMetaHeader`). */
export const KEPT_META_HEADER = 'x-xiaoan-kept';
/** The holder's id, as `keptScreenPage` writes it and static/kept-screen.js and the app find it. */
export const KEPT_HOLDER = 'kept-screen';
/** The format's version; the worker shows only this one. */
export const KEPT_VERSION = 1;

export interface KeptMeta {
	v: number;
	/** The app's build that kept it: another build has other class names and markup. */
	build: string;
	/** When the session that kept it expires: an expired session's screen is not shown. */
	expiresAt: number;
	/** The page's title as it was kept. */
	title: string;
	at: number;
}

/** The header's value for `meta`: JSON, URI-encoded (a header holds Latin-1 only, titles are Chinese). */
export const keptMetaHeader = (meta: KeptMeta): string => encodeURIComponent(JSON.stringify(meta));

/** The entry's meta, or null when it is missing, damaged or of another format. */
export function readKeptMeta(header: string | null): KeptMeta | null {
	try {
		const meta = JSON.parse(decodeURIComponent(header ?? 'null')) as Partial<KeptMeta> | null;
		if (
			meta?.v === KEPT_VERSION &&
			typeof meta.build === 'string' &&
			typeof meta.expiresAt === 'number' &&
			typeof meta.title === 'string' &&
			typeof meta.at === 'number'
		)
			return meta as KeptMeta;
	} catch {
		// Damaged: shown as nothing kept.
	}
	return null;
}

/** Whether a kept screen with `meta` may be shown on a page of `build` at `now`. */
export function mayShowKept(meta: KeptMeta | null, build: string, now: number): meta is KeptMeta {
	return meta !== null && meta.build === build && meta.expiresAt > now;
}

/**
 * `page` (a prerendered page of the app) with the kept `markup` first in its body, inert (it can
 * be seen, not used, so nothing typed or tapped into it can be lost), and the kept title. The
 * markup is the browser's own serialisation of the app's root (`keptMarkup`), so it parses back
 * into the same elements. A page without a body or a title is returned as it is.
 */
export function keptScreenPage(page: string, markup: string, title: string): string {
	const body = BODY.exec(page);
	if (body === null || !TITLE.test(page)) return page;
	const at = body.index + body[0].length;
	const holder = `<div id="${KEPT_HOLDER}" inert style="display: contents">${markup}</div>`;
	const titled = page.slice(0, at).replace(TITLE, () => `<title>${escapeText(title)}</title>`);
	return titled + holder + page.slice(at);
}

/**
 * Forgets every kept screen on this device: a sign-out, another member, role or workspace, another
 * language. Nothing is shown that the next person, or the same one in another role, should not see.
 */
export async function forgetKeptScreens(): Promise<void> {
	try {
		if (typeof caches !== 'undefined') await caches.delete(KEPT_CACHE);
	} catch {
		// Storage unavailable: there is nothing kept either.
	}
}

const BODY = /<body[^>]*>/;
const TITLE = /<title>[^<]*<\/title>/;
const escapeText = (text: string): string =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
