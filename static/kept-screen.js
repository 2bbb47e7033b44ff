// @ts-check
/**
 * The kept screen (src/lib/state/kept-screen.ts): the service worker has put the screen this
 * address last showed first in the page's body, inert. This script, which runs as the page is
 * parsed, before the app's code, lets that screen's first frame be painted before the app starts,
 * and takes it away should the app never start. A plain script (no module, no imports): it must
 * cost nothing before the first paint.
 */
(function () {
	var holder = document.getElementById('kept-screen');
	if (!holder) return;
	// The app starts once the kept screen is on screen (src/hooks.server.ts makes the page's start
	// wait for this promise): evaluating the app's code takes the main thread and a core for a few
	// hundred milliseconds, and the frame's raster (its Chinese glyphs drawn for the first time in
	// this process) would otherwise wait behind it. That frame is the page's first contentful
	// paint: the kept screen is its only content. A tab opened in the background draws no frame
	// and does not wait; nor does the app ever wait longer than 300 ms.
	/** @type {Window & { __xiaoanKeptFrame?: Promise<void> }} */ (window).__xiaoanKeptFrame = new Promise(
		function (resolve) {
			if (document.visibilityState === 'hidden') return resolve();
			setTimeout(resolve, 300);
			try {
				new PerformanceObserver(function (list, observer) {
					if (!list.getEntriesByName('first-contentful-paint').length) return;
					observer.disconnect();
					resolve();
				}).observe({ type: 'paint', buffered: true });
			} catch {
				resolve();
			}
		}
	);
	// Should the app fail to start, an inert screen must not stay: a page that looks alive but
	// does not answer is worse than an empty one.
	setTimeout(function () {
		holder.remove();
	}, 15000);
})();
