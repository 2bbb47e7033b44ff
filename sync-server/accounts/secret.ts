import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRET_BYTES = 32;

/** Where the token-signing secret lives. Not part of a workspace backup: keep it separately. */
export function secretFile(dataDir: string): string {
	return join(dataDir, 'secret.key');
}

/**
 * The server secret that signs tokens, created on first use. `wx` makes creation atomic, so a
 * server and an admin CLI starting at once cannot end up with two different secrets.
 */
export function loadSecret(dataDir: string): Buffer {
	const file = secretFile(dataDir);
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	try {
		writeFileSync(file, randomBytes(SECRET_BYTES), { mode: 0o600, flag: 'wx' });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
	}
	const secret = readFileSync(file);
	if (secret.length !== SECRET_BYTES) throw new Error(`${file} must hold exactly ${SECRET_BYTES} bytes`);
	return secret;
}
