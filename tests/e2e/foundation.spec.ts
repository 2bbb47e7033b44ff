import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';

test('two inspectors tick items of one round and see each other live', async ({ browser, server }) => {
	const alice = await browser.newContext();
	const bob = await browser.newContext();
	const a = await alice.newPage();
	const b = await bob.newPage();

	await new HomePage(a).signIn(server.url, await server.token('office', '周尹尹'));
	await new HomePage(a).createRound('2026年11月 月度安全检查');
	const roundA = new RoundPage(a);
	await roundA.waitForChecklist();

	await new HomePage(b).signIn(server.url, await server.token('inspector', '黄春'));
	await new HomePage(b).openRound('2026年11月 月度安全检查');
	const roundB = new RoundPage(b);
	await roundB.waitForChecklist();

	await roundA.answer(0, 'pass');
	await roundB.expectAnswer(0, 'pass');
	await roundB.answer(1, 'fail');
	await roundA.expectAnswer(1, 'fail');
	await expect(a.getByTestId('progress-fail')).toContainText('1');

	// Each sees the other in the round.
	await expect(a.getByTestId('presence-peer')).toHaveCount(1);
	await expect(b.getByTestId('presence-peer')).toHaveCount(1);

	await roundA.expectSynced();
	await roundB.expectSynced();
	await alice.close();
	await bob.close();
});

test('an inspector in a dead zone keeps working and nothing is lost when the signal returns', async ({
	browser,
	server,
	makeProxy
}) => {
	const office = await browser.newContext();
	const field = await browser.newContext();
	const a = await office.newPage();
	const b = await field.newPage();
	const signal = await makeProxy();

	await new HomePage(a).signIn(server.url, await server.token('office', '周尹尹'));
	const roundId = await new HomePage(a).createRound('消防专项检查');
	const roundA = new RoundPage(a);
	await roundA.waitForChecklist();

	await new HomePage(b).signIn(signal.url, await server.token('inspector', '黄春'));
	await b.goto(`${signal.url}/rounds/${roundId}`);
	const roundB = new RoundPage(b);
	await roundB.waitForChecklist();
	await roundB.expectSynced();

	signal.cut();
	await roundB.expectOffline();

	// Both edit while apart, including the same item with different answers.
	await roundA.answer(0, 'pass');
	await roundA.answer(2, 'pass');
	await roundB.answer(1, 'fail');
	await roundB.answer(2, 'fail');
	await roundB.answer(3, 'na');
	// Both write a note on the same item: notes are merged text, not last-writer-wins.
	await (await roundA.note(2)).fill('灭火器压力不足');
	await roundB.item(2).getByRole('textbox').fill('已报总务处更换');
	await expect(b.getByTestId('sync-pending')).toBeVisible();
	await roundB.expectAnswer(0, '');

	signal.restore();
	await roundB.expectSynced();
	await roundA.expectSynced();

	await expect
		.poll(async () => JSON.stringify(await roundB.answers()))
		.toBe(JSON.stringify(await roundA.answers()));
	const answers = await roundA.answers();
	// Item 3 was answered differently by two people who could not see each other: no answer is
	// picked, the item shows the disagreement with both names until someone answers again.
	expect(answers.slice(0, 4)).toEqual(['pass', 'fail', '', 'na']);
	for (const round of [roundA, roundB]) {
		await expect(round.item(2)).toHaveAttribute('data-conflict', 'true');
		const entries = round.item(2).getByTestId('conflict-entry');
		await expect(entries).toHaveCount(2);
		await expect(entries.filter({ hasText: '周尹尹：合格' })).toHaveCount(1);
		await expect(entries.filter({ hasText: '黄春：不合格' })).toHaveCount(1);
	}
	for (const round of [roundA, roundB]) {
		const note = round.item(2).getByRole('textbox');
		await expect(note).toHaveValue(/灭火器压力不足/);
		await expect(note).toHaveValue(/已报总务处更换/);
	}
	expect(await roundA.item(2).getByRole('textbox').inputValue()).toBe(
		await roundB.item(2).getByRole('textbox').inputValue()
	);
	// Both answers to item 3 are kept in its history, on both devices.
	for (const round of [roundA, roundB]) {
		await expect(round.item(2)).toHaveAttribute('data-history', '2');
	}
	// The office checks and answers again, having seen both: settled everywhere.
	await roundA.answer(2, 'fail');
	for (const round of [roundA, roundB]) {
		await round.expectAnswer(2, 'fail');
		await expect(round.item(2)).toHaveAttribute('data-conflict', 'false');
	}
	await office.close();
	await field.close();
});

test('with the server gone, the app shell and the round come back from the device', async ({
	browser,
	server,
	makeProxy
}) => {
	const signal = await makeProxy();
	const context = await browser.newContext();
	const page = await context.newPage();
	await new HomePage(page).signIn(signal.url, await server.token('office', '王晓华'));
	const roundId = await new HomePage(page).createRound('周末值班检查');
	const round = new RoundPage(page);
	await round.waitForChecklist();
	await round.answer(0, 'pass');
	await round.answer(1, 'fail');
	await round.expectSynced();
	await round.waitForServiceWorker();

	signal.cut();
	await server.stop();

	await page.reload();
	await round.waitForChecklist();
	await round.expectAnswer(0, 'pass');
	await round.expectAnswer(1, 'fail');
	await round.expectOffline();

	// A fresh navigation to the home page is served by the service worker too.
	await page.goto(`${signal.url}/`);
	await expect(page.getByTestId('round-link')).toContainText('周末值班检查');
	await page.goto(`${signal.url}/rounds/${roundId}`);
	await round.expectAnswer(1, 'fail');
	await context.close();
});
