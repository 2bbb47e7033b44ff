import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../src/lib/api/types.ts';
import { SessionState } from '../../src/lib/state/session.svelte.ts';

const session = (token: string, expiresAt: number): Session => ({
	token,
	expiresAt,
	member: { id: 'm1', name: '李主任', role: 'office' },
	workspace: { id: 'ws', name: '甲校' }
});

/** Two tabs of one device: one localStorage, one window that tells the other tab of changes. */
beforeEach(() => {
	const items = new Map<string, string>();
	vi.stubGlobal('window', new EventTarget());
	vi.stubGlobal('localStorage', {
		getItem: (key: string) => items.get(key) ?? null,
		setItem: (key: string, value: string) => void items.set(key, value),
		removeItem: (key: string) => void items.delete(key)
	});
	localStorage.setItem('xiaoan:session', JSON.stringify(session('T0', 1_000)));
});
afterEach(() => void vi.unstubAllGlobals());

describe('SessionState across tabs', () => {
	it('a tab takes the token another tab refreshed instead of refreshing the replaced one', async () => {
		const fetch = vi.fn(() =>
			Promise.resolve(new Response(JSON.stringify(session('T1', 2_000)), { status: 200 }))
		);
		vi.stubGlobal('fetch', fetch);
		const [a, b, c] = [new SessionState(), new SessionState(), new SessionState()];
		expect(await a.refresh()).toBe(true);
		expect(a.current?.token).toBe('T1');
		expect(await b.refresh()).toBe(true);
		expect(b.current?.token).toBe('T1');
		expect(fetch).toHaveBeenCalledTimes(1);
		window.dispatchEvent(new Event('storage')); // what the browser does in the other tabs
		expect(c.current?.token).toBe('T1');
	});
});
