import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { PlanPage } from './pages/plan-page.ts';

// A reload (or a closed tab) a moment after a keystroke aborts y-indexeddb's write of it; the page
// keeps it in localStorage on pagehide and the next open applies it (src/lib/sync/unload-rescue.ts).

test('a keystroke made offline survives a reload made at once, before IndexedDB has written it', async ({
	browser,
	server,
	makeProxy
}) => {
	test.setTimeout(120_000);
	const signal = await makeProxy();
	const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
	const page = await context.newPage();
	await new HomePage(page).signIn(signal.url, await server.token('leader', '王晓芳'));
	const plan = new PlanPage(page);
	await plan.goto(signal.url);
	await plan.editor.click();
	await page.keyboard.type('坚持安全第一');
	await plan.savedOnDevice('坚持安全第一');
	await plan.waitForServiceWorker();

	// Offline, so only this device can have the keystroke after the reload.
	signal.cut();
	await plan.expectOffline();
	await plan.caretAtEndOf('坚持安全第一');
	// The keystroke and the reload in one task: nothing waits for IndexedDB in between.
	await page.evaluate(() => {
		const element = document.querySelector('[data-testid="plan-editor"]');
		const editor = (
			element as (Element & { editor?: { commands: { insertContent(text: string): boolean } } }) | null
		)?.editor;
		if (!editor) throw new Error('no TipTap editor on the element');
		editor.commands.insertContent('！');
		location.reload();
	});
	await plan.waitForEditor();
	await plan.expectOffline();
	await expect.poll(() => plan.text()).toContain('坚持安全第一！');

	// Once IndexedDB has it, localStorage keeps nothing of the plan; a second reload still shows it.
	await expect.poll(() => page.evaluate(() => localStorage.getItem('xiaoan:unsaved:demo/plan'))).toBeNull();
	await page.reload();
	await plan.waitForEditor();
	await expect.poll(() => plan.text()).toContain('坚持安全第一！');
	await context.close();
});
