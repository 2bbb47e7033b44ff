import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';

const SCREENS = 'tests/e2e/.output/screens';
const NOVEMBER = '2026年11月 月度安全检查';
const DECEMBER = '2026年12月 月度安全检查';

test('a workspace exported on one device is imported offline on another: rounds and answers are there', async ({
	browser,
	server
}, testInfo) => {
	// The second device (an inspector's desktop) signs in before any round exists and closes the app,
	// so whatever it later knows of the rounds can only come from the file.
	const second = await browser.newContext({ viewport: { width: 1280, height: 860 } });
	let other = await second.newPage();
	await new HomePage(other).signIn(server.url, await server.token('inspector', '黄春'));
	await expect(other.getByTestId('round-due')).toBeVisible();
	await new RoundPage(other).waitForServiceWorker();
	await other.close();

	// The office fills two rounds on a phone.
	const first = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await first.newPage();
	const home = new HomePage(page);
	await home.signIn(server.url, await server.token('office', '周尹尹'));
	const round = new RoundPage(page);
	await home.createRound(NOVEMBER);
	await round.waitForChecklist();
	await round.answer(0, 'pass');
	await round.answer(1, 'fail');
	await round.item(1).getByRole('textbox').fill('东侧围墙有裂缝');
	await page.goto(`${server.url}/`);
	await home.createRound(DECEMBER);
	await round.waitForChecklist();
	await round.answer(0, 'na');
	await round.expectSynced();

	// 设置 shows the device's storage, and exports the workspace to one file.
	await page.goto(`${server.url}/settings`);
	const panel = page.getByTestId('device-data');
	await expect(panel.getByRole('heading', { name: '本机数据' })).toBeVisible();
	await expect(page.getByTestId('device-persistence')).toHaveAttribute('data-state', /granted|denied/);
	await expect(page.getByTestId('device-usage')).toContainText(/已用 [\d.]+ ?\S*B，上限约 [\d.]+ ?\S*B/);
	await expect(page.getByTestId('device-documents')).toContainText(/本校在本机保存了 \d+ 份文档/);
	if ((await page.getByTestId('device-persistence').getAttribute('data-state')) === 'denied') {
		// Asking again, once the browser allows it, turns the panel green.
		// Playwright has no name for this permission; Chromium's DevTools protocol grants it per context.
		const { targetInfo } = await (await first.newCDPSession(page)).send('Target.getTargetInfo');
		await (
			await browser.newBrowserCDPSession()
		).send('Browser.grantPermissions', {
			origin: server.url,
			permissions: ['durableStorage'],
			browserContextId: targetInfo.browserContextId
		});
		await panel.getByRole('button', { name: '申请持久保存' }).click();
		await expect(page.getByTestId('device-persistence')).toHaveAttribute('data-state', 'granted');
	}
	const downloading = page.waitForEvent('download');
	await panel.getByRole('button', { name: '导出全部数据' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toMatch(/^校安-示范学校-\d{4}-\d{2}-\d{2}\.xiaoan$/);
	const file = testInfo.outputPath('workspace.xiaoan');
	await download.saveAs(file);
	await expect(page.getByTestId('device-outcome')).toContainText(
		'已导出 7 份文档（其中 2 轮巡检）和 0 张未上传的照片'
	);
	// A viewport shot: a full-page one would paint the sticky header over the middle of the page.
	await panel.getByRole('heading', { name: '导出与导入' }).scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/phone-device-data.png` });

	// No server from here on: nothing can come from sync.
	await server.stop();
	other = await second.newPage();
	await other.goto(`${server.url}/settings`);
	const otherPanel = other.getByTestId('device-data');
	await expect(otherPanel).toBeVisible();

	// A file of another kind is refused with what to do, and nothing is applied.
	await other.getByTestId('device-import').setInputFiles({
		name: 'notes.txt',
		mimeType: 'text/plain',
		buffer: Buffer.from('巡检记录')
	});
	await expect(other.getByTestId('device-outcome')).toContainText('这不是校安导出的数据文件');

	await other.getByTestId('device-import').setInputFiles(file);
	// meta and the two rounds are new here, and the duty board's schema marker (written by the
	// office's device, which may write duty; this inspector's may not); the empty documents are not.
	await expect(other.getByTestId('device-outcome')).toContainText(
		'已导入 7 份文档，其中 2 轮巡检（4 份有新内容）'
	);
	await other.screenshot({ path: `${SCREENS}/desktop-device-data.png` });

	await other.goto(`${server.url}/`);
	await expect(other.getByTestId('round-link')).toHaveCount(2);
	const otherHome = new HomePage(other);
	const otherRound = new RoundPage(other);
	await otherHome.openRound(NOVEMBER);
	await otherRound.waitForChecklist();
	await otherRound.expectAnswer(0, 'pass');
	await otherRound.expectAnswer(1, 'fail');
	await expect(otherRound.item(1).getByRole('textbox')).toHaveValue('东侧围墙有裂缝');
	await otherRound.expectOffline();
	await other.goto(`${server.url}/`);
	await otherHome.openRound(DECEMBER);
	await otherRound.expectAnswer(0, 'na');

	await first.close();
	await second.close();
});
