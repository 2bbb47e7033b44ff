import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real sync server process serving the built app, on a free port with its own data folder. */
export class ServerProcess {
	#child: ChildProcess | null = null;
	readonly dataDir = mkdtempSync(path.join(tmpdir(), 'xiaoan-e2e-'));
	port = 0;

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
				const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
				if (match?.[1]) resolve(Number(match[1]));
			});
			child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
		});
		return this;
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
