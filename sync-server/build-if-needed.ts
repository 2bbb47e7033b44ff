import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Inputs of the PWA build; a change to any of them makes `build/` stale. */
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package-lock.json'];
/** Written into `build/` after a successful build; `vite build` empties the folder first. */
const STAMP = '.xiaoan-build-stamp';

/** Newest modification time under `path` (a file or a folder, recursively); 0 if missing. */
function newestMtime(path: string): number {
	if (!existsSync(path)) return 0;
	const stats = statSync(path);
	if (!stats.isDirectory()) return stats.mtimeMs;
	let newest = stats.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

/** True when `build/` is missing or older than its sources. */
export function buildIsStale(root: string): boolean {
	const stamp = join(root, 'build', STAMP);
	if (!existsSync(stamp)) return true;
	const sources = Math.max(...SOURCES.map((source) => newestMtime(join(root, source))));
	return statSync(stamp).mtimeMs < sources;
}

/**
 * Runs `npx vite build` in `root` when `build/` is stale, so `npm start` always serves the current
 * app. Throws if the build fails.
 */
export function buildIfNeeded(root: string): void {
	if (!buildIsStale(root)) return;
	const startedAt = new Date();
	const result = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
	const stamp = join(root, 'build', STAMP);
	writeFileSync(stamp, `${startedAt.toISOString()}\n`);
	// Dated to the build's start: a source saved while the build ran still counts as newer.
	utimesSync(stamp, startedAt, startedAt);
}
