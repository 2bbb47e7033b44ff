import type { SyncServer } from './server.ts';

export interface FirstStartContext {
	server: SyncServer;
	dataDir: string;
}

/**
 * Runs after the server listens, before `main.ts` reports it. The next issue fills this in: on the
 * first start (empty data directory) it seeds a demo workspace and prints its sign-in link.
 */
export async function firstStart(_context: FirstStartContext): Promise<void> {}
