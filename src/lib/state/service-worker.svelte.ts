import { Workbox } from 'workbox-window';

/**
 * The service worker that keeps the app shell for offline use, and the offer of a new version.
 * A new version waits until the person chooses to update (never a reload under their hands),
 * or until every tab of the old one is closed.
 */
class AppUpdate {
	#workbox: Workbox | null = null;
	#available = $state(false);

	/** A new version is installed and waiting. */
	get available(): boolean {
		return this.#available;
	}

	register(): void {
		if (!('serviceWorker' in navigator) || this.#workbox) return;
		const workbox = new Workbox('/service-worker.js');
		this.#workbox = workbox;
		workbox.addEventListener('waiting', () => (this.#available = true));
		workbox.register().catch((error: unknown) => console.warn('service worker registration failed', error));
	}

	/** Activates the waiting version and reloads once it controls the page. */
	apply(): void {
		const workbox = this.#workbox;
		if (!workbox) return;
		workbox.addEventListener('controlling', () => location.reload());
		workbox.messageSkipWaiting();
	}
}

export const appUpdate = new AppUpdate();
