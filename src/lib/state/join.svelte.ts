import { api, ApiError, type CodeInfo } from '../api/client.ts';
import { codeFromInput } from './code-input.ts';
import type { SessionState } from './session.svelte.ts';

/** Error codes the join page has words for; anything else is shown as a generic failure. */
export const JOIN_ERRORS = [
	'invalid_name',
	'invite_not_found',
	'invite_used',
	'invite_expired',
	'code_not_found',
	'signin_code_not_found',
	'signin_code_used',
	'signin_code_expired',
	'revoked',
	'network'
] as const;
export type JoinError = (typeof JOIN_ERRORS)[number] | 'unknown';

/**
 * A code typed on the welcome page or opened from a link: an invite (the person then gives a name)
 * or a sign-in code for an existing member. The code is checked first, so a wrong one is reported
 * where it can be corrected, before anyone types a name.
 */
export class JoinState {
	/** The code as the person typed it; editable at any time. */
	code = $state('');
	#session: SessionState;
	#checked = $state<{ code: string; info: CodeInfo } | null>(null);
	#error = $state<JoinError | null>(null);
	#busy = $state(false);

	constructor(session: SessionState, code: string) {
		this.#session = session;
		this.code = code;
	}

	/** What the checked code is, while the field still holds that code. */
	get info(): CodeInfo | null {
		return this.#checked !== null && this.#checked.code === codeFromInput(this.code)
			? this.#checked.info
			: null;
	}

	get error(): JoinError | null {
		return this.#error;
	}

	/** Whether the error is about the code itself (the field to correct), not the name or the network. */
	get codeError(): boolean {
		return this.#error !== null && !['invalid_name', 'network', 'unknown'].includes(this.#error);
	}

	get busy(): boolean {
		return this.#busy;
	}

	async check(): Promise<void> {
		const code = codeFromInput(this.code);
		if (!code) return;
		await this.#run(async () => {
			this.#checked = { code, info: await api.checkCode(code) };
		});
	}

	/** Accepts the checked invite under `name`. Resolves true once this device is signed in. */
	join(name: string): Promise<boolean> {
		return this.#run(async () => void (await this.#session.join(codeFromInput(this.code), name)));
	}

	/** Redeems the checked sign-in code. Resolves true once this device is signed in. */
	signIn(): Promise<boolean> {
		return this.#run(async () => void (await this.#session.signInWithCode(codeFromInput(this.code))));
	}

	async #run(work: () => Promise<void>): Promise<boolean> {
		this.#busy = true;
		this.#error = null;
		try {
			await work();
			return true;
		} catch (error) {
			const code = error instanceof ApiError ? error.code : '';
			this.#error = (JOIN_ERRORS as readonly string[]).includes(code) ? (code as JoinError) : 'unknown';
			// A code refused on use (say, used meanwhile on another phone) is no longer a checked code.
			if (this.codeError) this.#checked = null;
			return false;
		} finally {
			this.#busy = false;
		}
	}
}
