import { api, type ViolationEntry } from '../api/client.ts';
import { canSeeViolations } from '../model/permissions.ts';
import type { AppState } from './app.svelte.ts';

/** 违规记录: the refused attempts to break a rule inside the workspace's documents, from the server. */
export class ViolationsState {
	#app: AppState;
	#entries = $state.raw<ViolationEntry[]>([]);
	#error = $state<unknown>(null);
	#loaded = $state(false);

	constructor(app: AppState) {
		this.#app = app;
	}

	/** Leaders and the office read the list; the server refuses everyone else. */
	get allowed(): boolean {
		return canSeeViolations(this.#app.role);
	}

	get entries(): readonly ViolationEntry[] {
		return this.#entries;
	}

	/** What the last load threw (describe it with `describeError`), or null. */
	get error(): unknown {
		return this.#error;
	}

	get loaded(): boolean {
		return this.#loaded;
	}

	async load(limit = 200): Promise<void> {
		const token = this.#app.session.current?.token;
		if (!token || !this.allowed) return;
		try {
			this.#entries = (await api.violations(token, limit)).violations;
			this.#error = null;
		} catch (error) {
			this.#error = error;
		} finally {
			this.#loaded = true;
		}
	}
}
