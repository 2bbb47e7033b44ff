// A local-first single-page app: everything renders in the browser from IndexedDB and the sync
// server; the prerendered shell is what the service worker serves offline.
export const ssr = false;
export const prerender = true;
