import { test as base } from '@playwright/test';
import { ServerProcess } from './server.ts';
import { TcpProxy } from './tcp-proxy.ts';

interface Fixtures {
	/** A fresh sync server for this test. */
	server: ServerProcess;
	/** Makes a proxy in front of `server` that the test can cut. */
	makeProxy: () => Promise<TcpProxy>;
}

export const test = base.extend<Fixtures>({
	// eslint-disable-next-line no-empty-pattern
	server: async ({}, use) => {
		const server = await new ServerProcess().start();
		await use(server);
		await server.dispose();
	},
	makeProxy: async ({ server }, use) => {
		const proxies: TcpProxy[] = [];
		await use(async () => {
			const proxy = await new TcpProxy(server.port).start();
			proxies.push(proxy);
			return proxy;
		});
		await Promise.all(proxies.map((proxy) => proxy.close()));
	}
});

export { expect } from '@playwright/test';
