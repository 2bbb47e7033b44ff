import { api, type AuditEntry } from '../api/client.ts';
import type { AppState } from './app.svelte.ts';

/** The audit trail of one document: who changed it and when, from the server's stored updates. */
export class ChangesState {
	readonly document: string;
	#app: AppState;
	#entries = $state<AuditEntry[]>([]);
	#error = $state<unknown>(null);
	#loaded = $state(false);

	constructor(app: AppState, document: string) {
		this.#app = app;
		this.document = document;
	}

	get entries(): AuditEntry[] {
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
		if (!token) return;
		try {
			this.#entries = (await api.audit(token, this.document, limit)).entries;
			this.#error = null;
		} catch (error) {
			this.#error = error;
		} finally {
			this.#loaded = true;
		}
	}
}
