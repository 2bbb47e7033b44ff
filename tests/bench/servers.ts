import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAUNCHERS = {
	ours: 'tests/bench/our-server.ts',
	reference: 'tests/bench/reference-server.ts'
} as const;
export type ServerKind = keyof typeof LAUNCHERS;

/** Every child this process started and has not yet seen exit; only these are ever killed. */
const running = new Set<ChildProcess>();

export interface ServerProcess {
	kind: ServerKind;
	pid: number;
	url: string;
	/** Resident set size of the server process in MiB (VmRSS), or null where /proc is missing. */
	rssMiB(): number | null;
	/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
	stop(): Promise<void>;
}

/** Starts a server launcher as `node --import tsx <launcher>` and waits for its listening line. */
export async function startServer(
	kind: ServerKind,
	env: Record<string, string> = {}
): Promise<ServerProcess> {
	const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', XIAOAN_SKIP_BUILD: '1', ...env };
	delete childEnv.YPERSISTENCE; // the reference keeps documents in memory
	const child = spawn(process.execPath, ['--import', 'tsx', LAUNCHERS[kind]], {
		cwd: ROOT,
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	running.add(child);
	const exited = new Promise<void>((resolve) =>
		child.once('exit', () => {
			running.delete(child);
			resolve();
		})
	);
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString()).slice(-4000);
	});
	const port = await new Promise<number>((resolve, reject) => {
		let stdout = '';
		const timer = setTimeout(() => reject(new Error(`${kind} server did not start:\n${stderr}`)), 20_000);
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
			if (match?.[1]) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		});
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`${kind} server exited before listening:\n${stderr}`));
		});
	}).catch(async (error: unknown) => {
		await stopChild(child, exited);
		throw error;
	});
	const pid = child.pid;
	if (pid === undefined) throw new Error(`${kind} server has no pid`);
	return {
		kind,
		pid,
		url: `http://127.0.0.1:${port}`,
		rssMiB: () => readRssMiB(pid),
		stop: () => stopChild(child, exited)
	};
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

/** Kills every child still running (bench failure or Ctrl-C), by its own handle only. */
export function killAll(): void {
	for (const child of running) child.kill('SIGKILL');
}

function readRssMiB(pid: number): number | null {
	try {
		const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match?.[1] ? Number(match[1]) / 1024 : null;
	} catch {
		return null;
	}
}
