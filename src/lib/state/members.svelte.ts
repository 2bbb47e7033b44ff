import { api, type Invite, type MemberRow, type SigninCodeView } from '../api/client.ts';
import { ROLES, canInvite, type Role } from '../model/permissions.ts';
import { ApiCall } from './api-call.svelte.ts';
import type { AppState } from './app.svelte.ts';

/** Members and invites of the workspace, straight from the server (this needs the network). */
export class MembersState {
	#app: AppState;
	readonly #call: ApiCall;
	#members = $state<MemberRow[]>([]);
	#invite = $state<Invite | null>(null);
	#signinCode = $state<SigninCodeView | null>(null);

	constructor(app: AppState) {
		this.#app = app;
		this.#call = new ApiCall(app);
	}

	get members(): MemberRow[] {
		return this.#members;
	}

	/** The invite made last on this page, to show as a link and a code. */
	get invite(): Invite | null {
		return this.#invite;
	}

	/** The sign-in code made last on this page, shown under its member. */
	get signinCode(): SigninCodeView | null {
		return this.#signinCode;
	}

	/** What the last request threw (describe it with `describeError`), or null. */
	get error(): unknown {
		return this.#call.error;
	}

	get loading(): boolean {
		return this.#call.loading;
	}

	/** The roles this member may hand out. */
	get invitableRoles(): Role[] {
		return ROLES.filter((role) => canInvite(this.#app.role, role));
	}

	/** Leaders and the office may remove whom they may invite, never themselves. */
	canRevoke(member: MemberRow): boolean {
		return member.id !== this.selfId && member.revokedAt === null && canInvite(this.#app.role, member.role);
	}

	/**
	 * A way back in for a member who signed out or lost their phone: the same rule as invites (the
	 * office may not sign anyone in as a leader); for oneself it adds a device.
	 */
	canMakeSigninCode(member: MemberRow): boolean {
		return member.revokedAt === null && canInvite(this.#app.role, member.role);
	}

	get selfId(): string {
		return this.#app.actor.id;
	}

	async load(): Promise<void> {
		await this.#call.run(async (token) => {
			this.#members = (await api.members(token)).members;
		});
	}

	async createInvite(role: Role): Promise<void> {
		await this.#call.run(async (token) => {
			this.#invite = await api.invite(token, role);
		});
	}

	async createSigninCode(memberId: string): Promise<void> {
		await this.#call.run(async (token) => {
			this.#signinCode = await api.signinCode(token, memberId);
		});
	}

	async revoke(memberId: string): Promise<void> {
		await this.#call.run(async (token) => {
			await api.revoke(token, memberId);
			this.#members = (await api.members(token)).members;
		});
	}
}
