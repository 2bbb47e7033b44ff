import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: {
		proxy: {
			// `npm run dev` talks to a sync server started with `PORT=8080 npm start`.
			'/sync': { target: 'ws://127.0.0.1:8080', ws: true },
			'/api': { target: 'http://127.0.0.1:8080' }
		}
	},
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/server/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 30_000,
		setupFiles: ['tests/unit/setup.ts']
	}
});
