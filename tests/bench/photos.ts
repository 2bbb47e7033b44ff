import { chromium, type Page } from '@playwright/test';
import { cameraPhoto, jpegSize } from '../e2e/pages/photos.ts';
import { ServerProcess } from '../e2e/support/server.ts';

export interface PhotoSample {
	/** The camera file given to the app. */
	inputBytes: number;
	/** What the app stored and uploaded, after downscaling. */
	storedBytes: number;
	width: number;
	height: number;
	/** From choosing the file to its thumbnail on screen: decode, downscale, encode, hash, store. */
	addMs: number;
	/** The PUT's duration as the browser measured it (request start to response end). */
	uploadMs: number;
}

export interface PhotoResult {
	samples: PhotoSample[];
	medianStoredBytes: number;
	medianAddMs: number;
	medianUploadMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Phone-camera photos (4032 × 3024 JPEG, drawn with grain so they compress like photographs) added
 * to a round's items in Chromium, against a real server on loopback: the size after downscaling and
 * the time to add and to upload each. Needs the built app (`npm run build`).
 */
export async function photoBench(count: number): Promise<PhotoResult> {
	const server = await new ServerProcess().start();
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run']
	});
	try {
		const context = await browser.newContext({ locale: 'zh-CN' });
		const page = await context.newPage();
		const token = await server.token('office', '周尹尹');
		await page.goto(`${server.url}/signin#token=${token}`);
		await page.waitForURL(`${server.url}/`);
		await page.goto(`${server.url}/rounds`);
		await page.getByTestId('new-round').click();
		await page.getByRole('dialog').getByLabel('名称').fill('照片基准');
		await page.getByRole('dialog').getByRole('button', { name: '创建' }).click();
		await page.waitForURL(/\/rounds\/[\w-]+$/);
		await page.getByTestId('checklist-item').first().waitFor();
		const samples: PhotoSample[] = [];
		for (let i = 0; i < count; i++) samples.push(await addOne(page, i, token));
		return {
			samples,
			medianStoredBytes: median(samples.map((s) => s.storedBytes)),
			medianAddMs: median(samples.map((s) => s.addMs)),
			medianUploadMs: median(samples.map((s) => s.uploadMs))
		};
	} finally {
		await browser.close();
		await server.dispose();
	}
}

async function addOne(page: Page, i: number, token: string): Promise<PhotoSample> {
	const file = await cameraPhoto(page, { width: 4032, height: 3024, seed: 10 + i });
	const item = page.getByTestId('checklist-item').nth(i);
	const uploaded = page.waitForEvent('requestfinished', (request) => request.method() === 'PUT');
	// Timed in the page from the input's change event, so handing the file over the DevTools
	// protocol (megabytes of base64) does not count.
	await page.evaluate(() => {
		const w = window as unknown as { benchChangeAt?: number };
		document.addEventListener('change', () => (w.benchChangeAt = performance.now()), {
			capture: true,
			once: true
		});
	});
	await item.getByTestId('photo-camera-input').setInputFiles(file);
	await item.locator('[data-testid="photo-thumb"][data-state="ready"]').waitFor();
	const addMs = Math.round(
		await page.evaluate(
			() => performance.now() - ((window as unknown as { benchChangeAt: number }).benchChangeAt ?? 0)
		)
	);
	const request = await uploaded;
	const timing = request.timing();
	// What the server stored, read back: the upload's body is a Blob the browser does not report.
	const stored = await page.request.get(request.url(), { headers: { authorization: `Bearer ${token}` } });
	const body = await stored.body();
	const { width, height } = jpegSize(body);
	return {
		inputBytes: file.buffer.length,
		storedBytes: body.length,
		width,
		height,
		addMs,
		uploadMs: Math.round(timing.responseEnd - timing.requestStart)
	};
}
