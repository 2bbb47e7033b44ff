import { api, type DeviceSession } from '../api/client.ts';
import type { AppState } from './app.svelte.ts';

/** This member's signed-in devices, from the server (this needs the network). */
export class DevicesState {
	#app: AppState;
	#sessions = $state.raw<DeviceSession[]>([]);
	#error = $state<unknown>(null);
	#loading = $state(false);

	constructor(app: AppState) {
		this.#app = app;
	}

	get sessions(): DeviceSession[] {
		return this.#sessions;
	}

	/** What the last request threw (describe it with `describeError`), or null. */
	get error(): unknown {
		return this.#error;
	}

	get loading(): boolean {
		return this.#loading;
	}

	async load(): Promise<void> {
		await this.#run(async (token) => {
			this.#sessions = (await api.sessions(token)).sessions;
		});
	}

	/** Signs another device of this member out: its tokens stop working and its sockets close. */
	async revoke(sessionId: string): Promise<void> {
		await this.#run(async (token) => {
			await api.revokeSession(token, sessionId);
			this.#sessions = (await api.sessions(token)).sessions;
		});
	}

	async #run(work: (token: string) => Promise<void>): Promise<void> {
		const token = this.#app.session.current?.token;
		if (!token) return;
		this.#loading = true;
		this.#error = null;
		try {
			await work(token);
		} catch (error) {
			this.#error = error;
		} finally {
			this.#loading = false;
		}
	}
}
