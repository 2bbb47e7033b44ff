import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { sampledWarn } from '../../sync-server/log-sampler.ts';
import { collectingLogger, onTeardown, startServer, syncUrl, teardown, tempDir } from './helpers.ts';

afterEach(teardown);

/** Opens a socket with `origin` (none if undefined): 'open', or the close code the server sent. */
function connectFrom(url: string, room: string, origin?: string): Promise<number | 'open'> {
	const ws = new WebSocket(`${syncUrl(url)}/${room}`, origin === undefined ? {} : { origin });
	onTeardown(() => ws.terminate());
	return new Promise((resolve, reject) => {
		ws.once('error', reject);
		ws.once('close', (code) => resolve(code));
		// The server closes a refused socket right after the handshake; wait a moment to tell.
		ws.once('open', () => setTimeout(() => resolve(ws.readyState === ws.OPEN ? 'open' : 0), 150));
	});
}

describe('security headers', () => {
	it('are on every response: the app, the API, health and refusals', async () => {
		const staticDir = tempDir();
		writeFileSync(join(staticDir, '200.html'), '<!doctype html><title>校安</title>');
		const { url } = await startServer({ staticDir });
		for (const path of ['/', '/rounds/x', '/missing.png', '/healthz', '/api/session', '/sync/a/meta']) {
			const { headers } = await fetch(`${url}${path}`);
			expect(headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(headers.get('x-frame-options'), path).toBe('DENY');
			expect(headers.get('referrer-policy'), path).toBe('no-referrer');
			expect(headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
		}
	});
});

describe('WebSocket Origin', () => {
	it("admits the app's own origin, listed origins and clients without one; refuses other sites", async () => {
		const { url, logs } = await startServer({ allowedOrigins: ['http://localhost:5173'] });
		const own = url.replace('localhost', '127.0.0.1');
		expect(await connectFrom(url, 'ws_a/meta', own)).toBe('open');
		expect(await connectFrom(url, 'ws_a/meta')).toBe('open');
		expect(await connectFrom(url, 'ws_a/meta', 'http://localhost:5173')).toBe('open');
		for (const origin of ['https://evil.example', 'null', `${own}.evil.example`]) {
			expect(await connectFrom(url, 'ws_a/meta', origin), origin).toBe(CloseCode.forbidden);
		}
		expect(logs.filter((entry) => entry.message === 'origin refused')).toHaveLength(3);
	});

	it('logs refused upgrades at most N times a minute per address', async () => {
		const { url, logs } = await startServer({ refusalLogsPerMinute: 3 });
		for (let i = 0; i < 12; i++) expect(await connectFrom(url, `bad..room${i}`)).toBe(CloseCode.badRoom);
		expect(logs.filter((entry) => entry.message === 'invalid room')).toHaveLength(3);
	});
});

describe('sampledWarn', () => {
	it('writes N lines per key per minute, then says how many it left out', () => {
		const log = collectingLogger();
		let now = 0;
		const warn = sampledWarn(log, { perMinute: 2, now: () => now });
		for (let i = 0; i < 5; i++) warn('1.2.3.4', 'refused');
		warn('5.6.7.8', 'refused');
		now = 60_000;
		warn('1.2.3.4', 'refused');
		expect(log.entries.map(({ fields }) => fields)).toEqual([
			{ address: '1.2.3.4' },
			{ address: '1.2.3.4' },
			{ address: '5.6.7.8' },
			{ address: '1.2.3.4', suppressed: 3 }
		]);
	});
});
