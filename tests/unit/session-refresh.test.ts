import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Session } from '../../src/lib/api/types.ts';
import { SessionState } from '../../src/lib/state/session.svelte.ts';

const session = (token: string, expiresAt: number): Session => ({
	token,
	expiresAt,
	member: { id: 'm1', name: '李主任', role: 'office' },
	workspace: { id: 'ws', name: '甲校' },
	device: { number: 3, code: 'C' }
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

describe('a session saved before device numbers', () => {
	const old = () => {
		const { device: _device, ...rest } = session('T0', Date.now() + 20 * 86_400_000);
		return rest;
	};

	it('has no device code until it asks the server once, then keeps it', async () => {
		localStorage.setItem('xiaoan:session', JSON.stringify(old()));
		const fetch = vi.fn((_url: string, init?: RequestInit) => {
			expect(new Headers(init?.headers).get('authorization')).toBe('Bearer T0');
			const { token: _token, ...info } = session('T0', Date.now() + 20 * 86_400_000);
			return Promise.resolve(new Response(JSON.stringify(info), { status: 200 }));
		});
		vi.stubGlobal('fetch', fetch);
		const [a, b] = [new SessionState(), new SessionState()];
		expect(a.deviceCode).toBeNull();
		await a.refreshIfDue();
		expect(a.deviceCode).toBe('C');
		expect(a.current?.token).toBe('T0');
		expect(fetch).toHaveBeenCalledTimes(1);
		await a.refreshIfDue();
		expect(fetch).toHaveBeenCalledTimes(1);
		window.dispatchEvent(new Event('storage')); // the other tab takes the number, same token
		expect(b.deviceCode).toBe('C');
		expect(new SessionState().deviceCode).toBe('C'); // after a reload
	});

	it('stays without one offline, and asks again next time', async () => {
		localStorage.setItem('xiaoan:session', JSON.stringify(old()));
		vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
		const state = new SessionState();
		await state.refreshIfDue();
		expect(state.deviceCode).toBeNull();
		expect(state.problem).toBeNull();
		expect(state.current?.token).toBe('T0');
	});

	it('ignores a damaged device number in storage', () => {
		localStorage.setItem('xiaoan:session', JSON.stringify({ ...old(), device: { number: 0, code: 'I' } }));
		const state = new SessionState();
		expect(state.current?.token).toBe('T0');
		expect(state.deviceCode).toBeNull();
	});
});
