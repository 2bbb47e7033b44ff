import { devices } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';
import { ItemPhotos, cameraPhoto } from './pages/photos.ts';

// Screenshots of the main pages on a phone and a desktop, kept in tests/e2e/.output/screens for a
// person to look at. The assertions check that the pages render their content, in Chinese.
const SCREENS = 'tests/e2e/.output/screens';

test('home and checklist render on a phone and a desktop', async ({ browser, server }) => {
	const phone = await browser.newContext({ ...devices['Pixel 7'], locale: 'zh-CN' });
	const page = await phone.newPage();
	const home = new HomePage(page);
	await page.goto(server.url);
	await expect(page.getByText('欢迎使用校安')).toBeVisible();
	await page.screenshot({ path: `${SCREENS}/phone-welcome.png` });
	await home.signIn(server.url, await server.token('office', '王晓华'));
	await expect(page.getByTestId('round-due')).toContainText('月度安全检查还没有开始');
	await page.screenshot({ path: `${SCREENS}/phone-home-empty.png` });

	await home.createRound('2026年11月 月度安全检查');
	const round = new RoundPage(page);
	await round.waitForChecklist();
	await round.answer(0, 'pass');
	await round.answer(1, 'fail');
	await round.answer(2, 'na');
	await round.item(1).getByRole('textbox').fill('东侧围墙有裂缝，已设警示带');
	const photos = new ItemPhotos(page, round.item(1));
	await photos.add(
		await cameraPhoto(page, { width: 1600, height: 1200, seed: 7 }),
		await cameraPhoto(page, { width: 1200, height: 1600, seed: 8 })
	);
	await photos.expectShown(2);
	await round.expectSynced();
	await expect(page.getByTestId('sync-photos')).toHaveCount(0);
	await page.screenshot({ path: `${SCREENS}/phone-round.png`, fullPage: true });
	await round.item(1).screenshot({ path: `${SCREENS}/phone-item-photos.png` });
	await photos.thumbs().nth(1).click();
	await expect(page.getByTestId('photo-full')).toBeVisible();
	await page.screenshot({ path: `${SCREENS}/phone-photo-viewer.png` });
	// The author removes their own photo from the viewer, after confirming.
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByTestId('photo-remove').click();
	await expect(page.getByTestId('photo-viewer')).toHaveAttribute('aria-label', '照片 1/1');
	await page.keyboard.press('Escape');
	await expect(photos.thumbs()).toHaveCount(1);

	await page.goto(`${server.url}/`);
	await expect(page.getByTestId('round-link')).toHaveCount(1);
	await page.screenshot({ path: `${SCREENS}/phone-home.png` });

	const desktop = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
	const wide = await desktop.newPage();
	await new HomePage(wide).signIn(server.url, server.leaderToken);
	await wide.screenshot({ path: `${SCREENS}/desktop-home.png` });
	await new HomePage(wide).openRound('2026年11月 月度安全检查');
	await new RoundPage(wide).expectAnswer(1, 'fail');
	await expect(wide.getByTestId('presence-peer')).toHaveCount(0);
	await wide.screenshot({ path: `${SCREENS}/desktop-round.png` });

	await wide.goto(`${server.url}/settings`);
	await wide.getByRole('button', { name: '生成邀请链接' }).click();
	await expect(wide.getByTestId('invite-link')).toHaveValue(/\/join\//);
	await expect(wide.getByTestId('member')).toHaveCount(3);
	await wide.screenshot({ path: `${SCREENS}/desktop-members.png` });

	// English is one click away, and it sticks.
	await wide.getByRole('button', { name: 'English' }).first().click();
	await expect(wide.getByRole('heading', { name: 'Members & invites' })).toBeVisible();
	await wide.goto(`${server.url}/`);
	await expect(wide.getByRole('heading', { name: "This month's inspection" })).toBeVisible();
	await wide.screenshot({ path: `${SCREENS}/desktop-home-en.png` });
	await phone.close();
	await desktop.close();
});
