import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type * as Y from 'yjs';
import type { Role } from '../../src/lib/model/permissions.ts';
import { AccountStore, type AccountStoreOptions } from '../../sync-server/accounts/store.ts';
import type { SyncServerOptions } from '../../sync-server/server.ts';
import { connectClient, onTeardown, startServer, tempDir, type Client, type TestServer } from './helpers.ts';

/** Helpers for servers with accounts: members and tokens, the HTTP API, the admin CLI. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A store on `dataDir` (another handle, like the admin CLI's), closed at teardown. */
export function openAccounts(dataDir: string, options: AccountStoreOptions = {}): AccountStore {
	const accounts = new AccountStore(dataDir, options);
	onTeardown(() => accounts.close());
	return accounts;
}

export interface AccountServer extends TestServer {
	/** The store the server uses; tests may use it directly. */
	accounts: AccountStore;
}

/** A server with accounts (token auth, `/api`), polling for revocations every 100 ms unless told. */
export async function startAccountServer(
	options: SyncServerOptions = {},
	accountOptions: AccountStoreOptions = {}
): Promise<AccountServer> {
	const dataDir = options.dataDir ?? tempDir();
	const accounts = openAccounts(dataDir, accountOptions);
	const server = await startServer({ revocationPollMs: 100, ...options, dataDir, accounts });
	return { ...server, accounts };
}

export interface TestMember {
	id: string;
	name: string;
	token: string;
}

/**
 * Adds a member with a fresh token. The name defaults to the role, numbered when a member of the
 * workspace already has it (names are unique among current members).
 */
export function addMember(accounts: AccountStore, workspace: string, role: Role, name?: string): TestMember {
	let chosen = name ?? role;
	for (let n = 2; name === undefined && accounts.activeMemberNamed(workspace, chosen) !== null; n++) {
		chosen = `${role}-${n}`;
	}
	const member = accounts.addMember(workspace, chosen, role);
	return { id: member.id, name: member.name, token: accounts.issueToken(member).token };
}

/** A provider with a member's token, as the app connects. */
export function connectAs(
	url: string,
	room: string,
	member: TestMember,
	options: { doc?: Y.Doc } = {}
): Client {
	return connectClient(url, room, { ...options, params: { token: member.token } });
}

export interface ApiResponse {
	status: number;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever came back
	body: any;
}

/** Calls the HTTP API; `body` is sent as JSON, `rawBody` as is. */
export async function api(
	url: string,
	path: string,
	options: { method?: string; token?: string; body?: unknown; rawBody?: string } = {}
): Promise<ApiResponse> {
	const headers: Record<string, string> = { 'Content-Type': 'application/json' };
	if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
	const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
	const response = await fetch(`${url}${path}`, {
		method: options.method ?? (body === undefined ? 'GET' : 'POST'),
		headers,
		body
	});
	const text = await response.text();
	return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

export interface AdminResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** `node --import tsx sync-server/admin.ts …args` on `dataDir`, as `npm run admin` runs it. */
export function runAdmin(dataDir: string, args: string[]): Promise<AdminResult> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/admin.ts', ...args], {
		cwd: ROOT,
		env: { ...process.env, DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
