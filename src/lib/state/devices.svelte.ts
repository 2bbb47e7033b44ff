import { api, type DeviceSession } from '../api/client.ts';
import { ApiCall } from './api-call.svelte.ts';
import type { AppState } from './app.svelte.ts';

/** This member's signed-in devices, from the server (this needs the network). */
export class DevicesState {
	readonly #call: ApiCall;
	#sessions = $state.raw<DeviceSession[]>([]);

	constructor(app: AppState) {
		this.#call = new ApiCall(app);
	}

	get sessions(): DeviceSession[] {
		return this.#sessions;
	}

	/** What the last request threw (describe it with `describeError`), or null. */
	get error(): unknown {
		return this.#call.error;
	}

	get loading(): boolean {
		return this.#call.loading;
	}

	async load(): Promise<void> {
		await this.#call.run(async (token) => {
			this.#sessions = (await api.sessions(token)).sessions;
		});
	}

	/** Signs another device of this member out: its tokens stop working and its sockets close. */
	async revoke(sessionId: string): Promise<void> {
		await this.#call.run(async (token) => {
			await api.revokeSession(token, sessionId);
			this.#sessions = (await api.sessions(token)).sessions;
		});
	}
}
