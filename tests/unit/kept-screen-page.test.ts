import { describe, expect, it } from 'vitest';
import {
	KEPT_HOLDER,
	KEPT_VERSION,
	keptMetaHeader,
	keptScreenPage,
	mayShowKept,
	readKeptMeta,
	type KeptMeta
} from '../../src/lib/state/kept-screen-page.ts';

// What the service worker does with a kept screen (src/lib/state/kept-screen.ts): which entries
// it may show, and the page it serves with one.
const PAGE = `<!doctype html>
<html lang="zh-CN">
	<head>
		<title>校安</title>
	</head>
	<body data-sveltekit-preload-data="hover">
		<script src="./kept-screen.js"></script>
		<div id="app" style="display: contents"><script>start()</script></div>
	</body>
</html>`;

const meta = (change: Partial<KeptMeta> = {}): KeptMeta => ({
	v: KEPT_VERSION,
	build: 'b1',
	expiresAt: 2_000,
	title: '隐患台账 · 校安',
	at: 500,
	...change
});

describe('the kept screen in the page the service worker serves', () => {
	it('puts the markup first in the body, inert, before the script that lets it paint', () => {
		const page = keptScreenPage(PAGE, '<main><p>2026-12-Y-001</p></main>', '隐患台账 · 校安');
		const body = page.slice(page.indexOf('<body'));
		const holder = `<div id="${KEPT_HOLDER}" inert style="display: contents"><main><p>2026-12-Y-001</p></main></div>`;
		expect(body.indexOf(holder)).toBeGreaterThan(0);
		expect(body.indexOf(holder)).toBeLessThan(body.indexOf('kept-screen.js'));
		expect(body.indexOf(holder)).toBeLessThan(body.indexOf('id="app"'));
		expect(page).toContain('<title>隐患台账 · 校安</title>');
		// The page around it is unchanged.
		expect(page.replace(holder, '').replace('<title>隐患台账 · 校安</title>', '<title>校安</title>')).toBe(
			PAGE
		);
	});

	it("escapes the kept title: it is the page's text, never markup", () => {
		const page = keptScreenPage(PAGE, '', '<img src=x onerror=alert(1)> & $1');
		expect(page).toContain('<title>&lt;img src=x onerror=alert(1)&gt; &amp; $1</title>');
	});

	it('serves a page it does not recognise as it is', () => {
		expect(keptScreenPage('<p>no body here</p>', '<main></main>', 't')).toBe('<p>no body here</p>');
		const untitled = PAGE.replace('<title>校安</title>', '');
		expect(keptScreenPage(untitled, '<main></main>', 't')).toBe(untitled);
	});
});

describe('which kept screens may be shown', () => {
	it('reads back the meta it wrote, Chinese title included (a header holds Latin-1 only)', () => {
		const header = keptMetaHeader(meta());
		expect(header).toMatch(/^[\x20-\x7e]+$/);
		expect(readKeptMeta(header)).toEqual(meta());
	});

	it('takes a missing, damaged or other-format entry as nothing kept', () => {
		expect(readKeptMeta(null)).toBeNull();
		expect(readKeptMeta('%E0%A4%A')).toBeNull();
		expect(readKeptMeta(encodeURIComponent('{"v":1'))).toBeNull();
		expect(readKeptMeta(keptMetaHeader({ ...meta(), v: KEPT_VERSION + 1 }))).toBeNull();
		expect(readKeptMeta(encodeURIComponent(JSON.stringify({ ...meta(), title: 3 })))).toBeNull();
	});

	it('shows one kept by this build, for a session that has not expired', () => {
		expect(mayShowKept(meta(), 'b1', 1_999)).toBe(true);
		expect(mayShowKept(meta(), 'b2', 1_999)).toBe(false);
		expect(mayShowKept(meta(), 'b1', 2_000)).toBe(false);
		expect(mayShowKept(null, 'b1', 0)).toBe(false);
	});
});
