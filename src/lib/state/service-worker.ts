import { Workbox } from 'workbox-window';

/**
 * Registers the service worker that precaches the app shell, so the app opens with no network
 * after one visit. A new version activates on the next visit (no reload under the user's hands).
 */
export function registerServiceWorker(): void {
	if (!('serviceWorker' in navigator)) return;
	const workbox = new Workbox('/service-worker.js');
	workbox.register().catch((error: unknown) => console.warn('service worker registration failed', error));
}
