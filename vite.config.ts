import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	build: {
		rolldownOptions: {
			output: {
				// Two chunks for what every screen starts with, not forty: the libraries, and the app's
				// own model, state and shared components. A cold open asks the service worker for each
				// chunk and the page pays for each request on its main thread; the split bought nothing,
				// every chunk being precached. Heavy code stays loaded on first use: the plan's editor
				// (TipTap), the XLSX writer, the .docx reader (tests/bench/ledger-app.ts measures it).
				codeSplitting: {
					groups: [
						{
							name: 'runtime',
							test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx|yjs|lib0|y-indexeddb|y-protocols|y-websocket|dexie|virtua|@lucide|workbox-window)[\\/]/
						},
						{
							name: 'app',
							test: /src[\\/]lib[\\/]((model|state|sync|i18n|api|media|export)[\\/]|components[\\/]((ledger|hazard|nav|photos)[\\/])?[^\\/]+\.svelte)/
						}
					]
				}
			}
		}
	},
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
