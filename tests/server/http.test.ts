import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsStale } from '../../sync-server/build-if-needed.ts';
import { startServer, teardown, tempDir } from './helpers.ts';

afterEach(teardown);

function write(path: string, content: string): void {
	mkdirSync(join(path, '..'), { recursive: true });
	writeFileSync(path, content);
}

describe('HTTP', () => {
	it('serves the SPA with the right caching, and falls back to 200.html for client routes', async () => {
		const staticDir = tempDir();
		write(join(staticDir, '200.html'), '<!doctype html><title>校安</title>');
		write(join(staticDir, '_app/immutable/entry/app.abc123.js'), 'export {};');
		write(join(staticDir, 'service-worker.js'), 'self.skipWaiting();');
		const { url } = await startServer({ staticDir });

		const route = await fetch(`${url}/rounds/2026-11`);
		expect(route.status).toBe(200);
		expect(await route.text()).toContain('校安');
		expect(route.headers.get('cache-control')).toBe('no-cache');

		const asset = await fetch(`${url}/_app/immutable/entry/app.abc123.js`);
		expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		const worker = await fetch(`${url}/service-worker.js`);
		expect(worker.headers.get('cache-control')).toBe('no-cache');

		expect((await fetch(`${url}/missing.png`)).status).toBe(404);
		expect((await fetch(`${url}/sync/ws_test/meta`)).status).toBe(426);
		expect(await (await fetch(`${url}/healthz`)).text()).toBe('ok');
	});

	it('answers 404 for everything but /healthz without a build', async () => {
		const { url } = await startServer({ staticDir: join(tempDir(), 'build') });
		expect((await fetch(`${url}/`)).status).toBe(404);
		expect((await fetch(`${url}/healthz`)).status).toBe(200);
	});
});

describe('build check', () => {
	it('rebuilds when build/ is missing or older than a source file', () => {
		const root = tempDir();
		write(join(root, 'src/routes/+page.svelte'), '<h1>校安</h1>');
		expect(buildIsStale(root)).toBe(true);

		const stamp = join(root, 'build/.xiaoan-build-stamp');
		write(stamp, '');
		const now = Date.now() / 1000;
		utimesSync(join(root, 'src/routes/+page.svelte'), now - 60, now - 60);
		utimesSync(join(root, 'src/routes'), now - 60, now - 60);
		utimesSync(join(root, 'src'), now - 60, now - 60);
		utimesSync(stamp, now - 30, now - 30);
		expect(buildIsStale(root)).toBe(false);

		utimesSync(join(root, 'src/routes/+page.svelte'), now, now);
		expect(buildIsStale(root)).toBe(true);
	});
});
