import { api } from '../api/client.ts';
import { canWrite, isRole, type Role } from '../model/permissions.ts';
import { ApiCall } from './api-call.svelte.ts';
import type { AppState } from './app.svelte.ts';

/** A member who may inspect: their role writes rounds (the office, departments, inspectors). */
export interface Candidate {
	id: string;
	name: string;
	role: Role;
}

const KEY = 'xiaoan:team-candidates:';

/**
 * Who may join a round's team. The member list comes from the API (it needs the network); the
 * last list read is kept on the device, so offline the picker still offers the members known.
 */
export class TeamCandidates {
	#app: AppState;
	readonly #call: ApiCall;
	#members = $state.raw<Candidate[]>([]);
	#fresh = $state(false);

	constructor(app: AppState) {
		this.#app = app;
		this.#call = new ApiCall(app);
		this.#members = this.#cached();
	}

	/** The candidates, by name. */
	get members(): Candidate[] {
		return this.#members;
	}

	/** Whether the list came from the server on this page (false: the device's last copy). */
	get fresh(): boolean {
		return this.#fresh;
	}

	get loading(): boolean {
		return this.#call.loading;
	}

	/** Reads the list from the server; on failure the device's copy stays. */
	async load(): Promise<void> {
		if (!this.#app.canManageMembers) return;
		await this.#call.run(async (token) => {
			const { members } = await api.members(token);
			const list = members
				.filter((member) => member.revokedAt === null && canWrite(member.role, 'inspection'))
				.map(({ id, name, role }) => ({ id, name, role }))
				.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || (a.id < b.id ? -1 : 1));
			this.#members = list;
			this.#fresh = true;
			try {
				localStorage.setItem(this.#key, JSON.stringify(list));
			} catch {
				// A full device keeps working with the list in memory.
			}
		});
	}

	get #key(): string {
		return `${KEY}${this.#app.hub.workspace}`;
	}

	#cached(): Candidate[] {
		try {
			const raw: unknown = JSON.parse(localStorage.getItem(this.#key) ?? '[]');
			if (!Array.isArray(raw)) return [];
			return raw.filter(
				(m): m is Candidate =>
					typeof m === 'object' &&
					m !== null &&
					typeof (m as Candidate).id === 'string' &&
					typeof (m as Candidate).name === 'string' &&
					isRole((m as Candidate).role)
			);
		} catch {
			return [];
		}
	}
}
