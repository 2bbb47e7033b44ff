// @ts-check
/**
 * The kept screen (src/lib/state/kept-screen.ts, which writes what this reads): runs while the
 * page is parsed, before the app's code, and puts back what this address showed this member the
 * last time, inert, so that a cold open has its rows on screen at once. The app removes it when
 * it has drawn the screen itself. A plain script (no module, no imports): it must cost nothing
 * before the first paint. It shows nothing unless every check passes.
 */
(function () {
	var VERSION = 1;
	try {
		var session = JSON.parse(localStorage.getItem('xiaoan:session') || 'null');
		if (!session || !session.member || !session.workspace || !(session.expiresAt > Date.now())) return;
		var kept = JSON.parse(localStorage.getItem('xiaoan:kept-screen:' + location.pathname) || 'null');
		if (!kept || kept.v !== VERSION || kept.path !== location.pathname || location.search !== '') return;
		if (kept.workspace !== session.workspace.id || kept.member !== session.member.id) return;
		if (kept.role !== session.member.role) return;
		var lang = localStorage.getItem('xiaoan:locale') === 'en' ? 'en' : 'zh-CN';
		if (kept.lang !== lang || typeof kept.html !== 'string') return;
		// The markup's class names belong to one build: this page must be of the build the screen
		// was kept by (the prerendered pages name it, src/hooks.server.ts).
		var build = document.querySelector('meta[name="xiaoan-build"]');
		if (!build || kept.build !== build.getAttribute('content')) return;

		var holder = document.createElement('div');
		holder.id = 'kept-screen';
		holder.inert = true;
		holder.style.display = 'contents';
		holder.innerHTML = kept.html;
		var script = document.currentScript;
		if (script && script.parentNode) script.parentNode.insertBefore(holder, script.nextSibling);
		else document.body.prepend(holder);
		if (typeof kept.title === 'string') document.title = kept.title;
		// Should the app fail to start, an inert screen must not stay: a page that looks alive but
		// does not answer is worse than an empty one.
		setTimeout(function () {
			holder.remove();
		}, 15000);
	} catch {
		// Storage blocked or damaged: the app opens as it would without a kept screen.
	}
})();
