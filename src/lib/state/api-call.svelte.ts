import type { AppState } from './app.svelte.ts';

/**
 * Runs the HTTP API calls of one screen with the member's token: whether one is under way, and
 * what the last one threw (for `describeError`). Shared by the members, invites and devices states.
 */
export class ApiCall {
	#app: AppState;
	#error = $state<unknown>(null);
	#loading = $state(false);

	constructor(app: AppState) {
		this.#app = app;
	}

	/** What the last call threw, or null. */
	get error(): unknown {
		return this.#error;
	}

	get loading(): boolean {
		return this.#loading;
	}

	/** Runs `work` with the token; does nothing when signed out. Failures land in `error`. */
	async run(work: (token: string) => Promise<void>): Promise<void> {
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
