/**
 * Our sync server for the bench, as a child process: `createSyncServer` with `allowAll` (the bench
 * must not depend on tokens) and only warnings and errors logged. Prints the same "listening on"
 * line as `sync-server/main.ts`. Env: PORT (default 0), DATA_DIR (required).
 */
import { allowAll } from '../../sync-server/auth.ts';
import { jsonLogger, type Logger } from '../../sync-server/log.ts';
import { createSyncServer } from '../../sync-server/server.ts';

const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR is required');

const stderr = jsonLogger();
const log: Logger = { info() {}, warn: stderr.warn, error: stderr.error };
const server = await createSyncServer({
	port: Number(process.env.PORT ?? 0),
	host: '127.0.0.1',
	dataDir,
	authenticate: allowAll,
	// Every bench client is the one member `anonymous`, all from one address: the fan-out alone
	// holds 21 sockets. The limits are for hostile clients, not what the bench measures.
	maxSocketsPerMember: Infinity,
	upgradeRateLimit: { perSecond: 1e9, burst: 1e9 },
	log
});
console.log(`Xiao'an (bench) listening on http://127.0.0.1:${server.port}`);

process.once('SIGTERM', () => {
	server.close().then(
		() => process.exit(0),
		() => process.exit(1)
	);
});
