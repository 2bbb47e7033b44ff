import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';
import { ItemPhotos, PHONE, cameraPhoto, jpegSize, waitingPhotos } from './pages/photos.ts';
import { WORKSPACE } from './support/server.ts';

test('photos taken in a dead zone survive a reload, upload when the signal returns and show elsewhere', async ({
	browser,
	server,
	makeProxy
}) => {
	test.setTimeout(180_000);
	const signal = await makeProxy();
	const office = await browser.newContext();
	const phone = await browser.newContext(PHONE);
	const a = await office.newPage();
	const b = await phone.newPage();

	await new HomePage(a).signIn(server.url, await server.token('office', '周尹尹'));
	const roundId = await new HomePage(a).createRound('2026年11月 月度安全检查');
	const roundA = new RoundPage(a);
	await roundA.waitForChecklist();

	const inspectorToken = await server.token('inspector', '黄春');
	await new HomePage(b).signIn(signal.url, inspectorToken);
	await b.goto(`${signal.url}/rounds/${roundId}`);
	const roundB = new RoundPage(b);
	await roundB.waitForChecklist();
	await roundB.waitForServiceWorker();
	await roundB.expectSynced();

	// A basement: no signal. Two photos of two items, one of them taken turned, with a location.
	signal.cut();
	await roundB.expectOffline();
	const exit = await cameraPhoto(b, { width: 2400, height: 1800, seed: 1, exif: true });
	const extinguisher = await cameraPhoto(b, { width: 1200, height: 1600, seed: 2 });
	await roundB.answer(0, 'fail');
	const first = new ItemPhotos(b, roundB.item(0));
	await first.add(exit);
	const second = new ItemPhotos(b, roundB.item(1));
	await roundB.item(1).getByTestId('photo-camera-input').setInputFiles(extinguisher);
	await first.expectShown(1);
	await second.expectShown(1);
	await expect.poll(() => waitingPhotos(b)).toBe(2);
	await expect(first.thumbs().first()).toHaveAttribute('data-pending', 'true');

	// Still offline, the page reloads: the photos are on the device, still counted as waiting.
	await b.reload();
	await roundB.waitForChecklist();
	await roundB.expectOffline();
	await first.expectShown(1);
	await second.expectShown(1);
	await expect.poll(() => waitingPhotos(b)).toBe(2);
	const hashes = [...(await first.hashes()), ...(await second.hashes())];

	// The signal returns: the changes and the photos go up, and the office sees both photos.
	signal.restore();
	await roundB.expectSynced();
	// The reconnection wakes the queue from its backoff (it kept trying while cut off).
	await expect.poll(() => waitingPhotos(b), { timeout: 30_000 }).toBe(0);
	await expect(first.thumbs().first()).toHaveAttribute('data-pending', 'false');
	const officeFirst = new ItemPhotos(a, roundA.item(0));
	const officeSecond = new ItemPhotos(a, roundA.item(1));
	await officeFirst.expectShown(1);
	await officeSecond.expectShown(1);
	expect([...(await officeFirst.hashes()), ...(await officeSecond.hashes())]).toEqual(hashes);

	// Full screen, and a swipe moves nowhere with one photo but the viewer shows it whole.
	await officeFirst.thumbs().first().click();
	await expect(a.getByTestId('photo-full')).toBeVisible();
	await expect(a.getByTestId('photo-viewer')).toContainText('黄春');
	// Only the inspector who took it may remove it.
	await expect(a.getByTestId('photo-remove')).toHaveCount(0);
	await a.keyboard.press('Escape');
	await expect(a.getByTestId('photo-viewer')).toHaveCount(0);

	// What the server keeps: a downscaled JPEG, turned upright, with no EXIF (no location).
	const stored = await a.request.get(`${server.url}/api/blobs/${WORKSPACE}/${hashes[0]}`, {
		headers: { authorization: `Bearer ${inspectorToken}` }
	});
	expect(stored.status()).toBe(200);
	expect(stored.headers()['content-type']).toBe('image/jpeg');
	const bytes = await stored.body();
	expect(bytes.includes(Buffer.from('Exif', 'latin1'))).toBe(false);
	const size = jpegSize(bytes);
	// 2400 × 1800 taken turned (orientation 6) is upright 1800 × 2400, then fits in 1600.
	expect(size).toEqual({ width: 1200, height: 1600 });
	await office.close();
	await phone.close();
});

// Passes alone and in its file, fails in the full run at the stall (under investigation: the
// next session fixes it before issue 8 is called resolved).
test('an upload cut off by a server crash resumes and completes after the restart', async ({
	browser,
	server,
	makeProxy
}) => {
	test.setTimeout(180_000);
	const signal = await makeProxy();
	const office = await browser.newContext();
	const phone = await browser.newContext(PHONE);
	const a = await office.newPage();
	const b = await phone.newPage();

	await new HomePage(a).signIn(server.url, await server.token('office', '周尹尹'));
	const roundId = await new HomePage(a).createRound('消防专项检查');
	const roundA = new RoundPage(a);
	await roundA.waitForChecklist();

	await new HomePage(b).signIn(signal.url, await server.token('inspector', '黄春'));
	await b.goto(`${signal.url}/rounds/${roundId}`);
	const roundB = new RoundPage(b);
	await roundB.waitForChecklist();
	await roundB.expectSynced();

	// Two photos picked at once. The first upload's first bytes reach the server, then it holds.
	const stalled = signal.stallRequest('PUT /api/blobs/', 4096);
	await roundB.answer(2, 'fail');
	const photos = new ItemPhotos(b, roundB.item(2));
	await photos.add(
		await cameraPhoto(b, { width: 2000, height: 1500, seed: 3 }),
		await cameraPhoto(b, { width: 1500, height: 2000, seed: 4 })
	);
	await stalled;
	// Still on the device, counted as waiting, while the upload hangs.
	// (The second may still be in preparation when the first upload stalls.)
	await expect.poll(() => waitingPhotos(b), { timeout: 30_000 }).toBe(2);

	// The office already has the references, not the photos: they say whose they are, not broken images.
	const officePhotos = new ItemPhotos(a, roundA.item(2));
	await expect(officePhotos.thumbs()).toHaveCount(2);
	await expect(officePhotos.thumbs().first()).toHaveAttribute('data-state', 'waiting');
	await expect(officePhotos.thumbs().first()).toContainText('待上传（黄春的手机）');

	// The server dies mid-upload and comes back on the same data.
	await server.stop('SIGKILL');
	signal.cut();
	signal.restore();
	await server.start();

	await expect.poll(() => waitingPhotos(b), { timeout: 30_000 }).toBe(0);
	// The office's device asks again for a photo it was told is not uploaded yet.
	await officePhotos.expectShown(2, 30_000);

	// Full screen, a swipe to the left moves to the next photo.
	await officePhotos.thumbs().first().click();
	const viewer = a.getByTestId('photo-viewer');
	await expect(viewer).toHaveAttribute('aria-label', '照片 1/2');
	const box = await viewer.boundingBox();
	if (!box) throw new Error('the viewer has no box');
	await a.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
	await a.mouse.down();
	await a.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 5 });
	await a.mouse.up();
	await expect(viewer).toHaveAttribute('aria-label', '照片 2/2');
	await expect(a.getByTestId('photo-full')).toBeVisible();
	await office.close();
	await phone.close();
});
