import { api, type InviteListing } from '../api/client.ts';
import { canInvite } from '../model/permissions.ts';
import { ApiCall } from './api-call.svelte.ts';
import type { AppState } from './app.svelte.ts';

/** The workspace's invites and their state, for leaders and the office (needs the network). */
export class InvitesState {
	#app: AppState;
	readonly #call: ApiCall;
	#invites = $state.raw<InviteListing[]>([]);

	constructor(app: AppState) {
		this.#app = app;
		this.#call = new ApiCall(app);
	}

	get invites(): InviteListing[] {
		return this.#invites;
	}

	/** What the last request threw (describe it with `describeError`), or null. */
	get error(): unknown {
		return this.#call.error;
	}

	/** Only a pending invite of a role this member may hand out can be cancelled. */
	canCancel(invite: InviteListing): boolean {
		return invite.status === 'pending' && canInvite(this.#app.role, invite.role);
	}

	async load(): Promise<void> {
		await this.#call.run(async (token) => {
			this.#invites = (await api.invites(token)).invites;
		});
	}

	async cancel(code: string): Promise<void> {
		await this.#call.run(async (token) => {
			await api.cancelInvite(token, code);
			this.#invites = (await api.invites(token)).invites;
		});
	}
}
