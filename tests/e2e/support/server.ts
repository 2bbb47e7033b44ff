import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The demo workspace the server creates on its first start. */
export const WORKSPACE = 'demo';

/** A real sync server process serving the built app, on a free port with its own data folder. */
export class ServerProcess {
	#child: ChildProcess | null = null;
	readonly dataDir = mkdtempSync(path.join(tmpdir(), 'xiaoan-e2e-'));
	port = 0;
	/** The demo leader's token from the first start's sign-in link. */
	leaderToken = '';

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Starts (or restarts, on the same port and data) the server. */
	async start(): Promise<this> {
		const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
			env: {
				...process.env,
				PORT: String(this.port),
				DATA_DIR: this.dataDir,
				XIAOAN_SKIP_BUILD: '1',
				HOST: '127.0.0.1'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child = child;
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		this.port = await new Promise<number>((resolve, reject) => {
			let stdout = '';
			child.stdout?.on('data', (chunk: Buffer) => {
				stdout += chunk.toString();
				const token = /\(leader\): \S+\/signin#token=(\S+)/.exec(stdout);
				if (token?.[1]) this.leaderToken = token[1];
				const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
				if (match?.[1]) resolve(Number(match[1]));
			});
			child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
		});
		return this;
	}

	/** Makes a member with the admin CLI and returns their device token (the CLI's last line). */
	async token(role: string, name: string): Promise<string> {
		return (await this.member(role, name)).token;
	}

	/** Makes a member with the admin CLI; `days` sets the token's lifetime. */
	async member(role: string, name: string, days?: number): Promise<{ memberId: string; token: string }> {
		const args = ['token', '--workspace', WORKSPACE, '--name', name, '--role', role];
		if (days !== undefined) args.push('--days', String(days));
		const lines = (await this.#admin(args)).trim().split('\n');
		const info = JSON.parse(lines[0] ?? '{}') as { memberId: string };
		return { memberId: info.memberId, token: lines.at(-1) ?? '' };
	}

	/** Makes an invite with the admin CLI and returns its code. */
	async invite(role: string): Promise<string> {
		const output = await this.#admin(['invite', '--workspace', WORKSPACE, '--role', role]);
		return (JSON.parse(output) as { code: string }).code;
	}

	/** Runs the admin CLI on this server's data folder and returns what it printed. */
	async #admin(args: string[]): Promise<string> {
		const { stdout } = await run(process.execPath, ['--import', 'tsx', 'sync-server/admin.ts', ...args], {
			env: { ...process.env, DATA_DIR: this.dataDir }
		});
		return stdout;
	}

	async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill(signal);
		await exited;
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}
