import { api, type InviteListing } from '../api/client.ts';
import { canInvite } from '../model/permissions.ts';
import type { AppState } from './app.svelte.ts';

/** The workspace's invites and their state, for leaders and the office (needs the network). */
export class InvitesState {
	#app: AppState;
	#invites = $state.raw<InviteListing[]>([]);
	#error = $state<unknown>(null);

	constructor(app: AppState) {
		this.#app = app;
	}

	get invites(): InviteListing[] {
		return this.#invites;
	}

	/** What the last request threw (describe it with `describeError`), or null. */
	get error(): unknown {
		return this.#error;
	}

	/** Only a pending invite of a role this member may hand out can be cancelled. */
	canCancel(invite: InviteListing): boolean {
		return invite.status === 'pending' && canInvite(this.#app.role, invite.role);
	}

	async load(): Promise<void> {
		await this.#run(async (token) => {
			this.#invites = (await api.invites(token)).invites;
		});
	}

	async cancel(code: string): Promise<void> {
		await this.#run(async (token) => {
			await api.cancelInvite(token, code);
			this.#invites = (await api.invites(token)).invites;
		});
	}

	async #run(work: (token: string) => Promise<void>): Promise<void> {
		const token = this.#app.session.current?.token;
		if (!token) return;
		this.#error = null;
		try {
			await work(token);
		} catch (error) {
			this.#error = error;
		}
	}
}
