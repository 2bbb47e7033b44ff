import { fileURLToPath } from 'node:url';
import { CloseCode } from '../src/lib/sync/wire.ts';
import { AccountStore } from './accounts/store.ts';
import { buildIfNeeded } from './build-if-needed.ts';
import { firstStart } from './first-start.ts';
import { jsonLogger } from './log.ts';
import { createSyncServer } from './server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const log = jsonLogger();

function readPort(value: string | undefined): number {
	const port = Number(value ?? 8080);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid PORT: ${value}`);
	return port;
}

/** A byte count from the environment, or undefined (the server's default) when unset. */
function readBytes(name: string): number | undefined {
	const value = process.env[name];
	if (value === undefined || value === '') return undefined;
	const bytes = Number(value);
	if (!Number.isSafeInteger(bytes) || bytes <= 0)
		throw new Error(`invalid ${name}: ${value} (a number of bytes)`);
	return bytes;
}

async function main(): Promise<void> {
	if (process.env.XIAOAN_SKIP_BUILD !== '1') buildIfNeeded(ROOT);
	const dataDir = process.env.DATA_DIR ?? './data';
	const accounts = new AccountStore(dataDir);
	const server = await createSyncServer({
		port: readPort(process.env.PORT),
		host: process.env.HOST ?? '0.0.0.0',
		dataDir,
		accounts,
		log,
		maxBlobBytes: readBytes('BLOB_MAX_BYTES'),
		blobQuotaBytes: readBytes('BLOB_QUOTA_BYTES'),
		// Comma-separated, e.g. `https://xiaoan.school.cn,http://localhost:5173`.
		allowedOrigins: (process.env.ALLOWED_ORIGINS ?? '').split(',').flatMap((o) => o.trim() || [])
	});

	firstStart({ server, accounts });

	// Scripts and tests parse this exact line; keep it last on stdout (first start prints before it).
	console.log(`Xiao'an listening on ${server.url}`);

	const shutdown = (signal: string) => {
		log.info('shutting down', { signal, closeCode: CloseCode.restart });
		server.close().then(
			() => {
				accounts.close();
				process.exit(0);
			},
			(error: unknown) => {
				log.error('shutdown failed', { error });
				process.exit(1);
			}
		);
	};
	process.once('SIGTERM', shutdown);
	process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
	log.error('failed to start', { error });
	process.exit(1);
});
