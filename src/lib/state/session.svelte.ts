import { createContext } from 'svelte';
import { api, ApiError, type Session } from '../api/client.ts';
import { forgetKeptScreens } from './kept-screen.ts';
import { forgetFirstRows } from './ledger-first-rows.ts';
import {
	clearSession,
	isDevice,
	loadSession,
	sameMember,
	saveSession,
	type CachedSession
} from './session-store.ts';

/** Why the server no longer lets this device sync; the app keeps working locally meanwhile. */
export type SessionProblem = 'expired' | 'revoked' | 'unauthorized';

/** Refresh a token when less than this is left of it. */
const REFRESH_BEFORE_MS = 7 * 24 * 3600 * 1000;

/**
 * Who this device is: the token and the member and workspace it names, cached in localStorage so the
 * app opens offline. Refreshing never reloads the page; a failed refresh only sets `problem`.
 */
export class SessionState {
	#current = $state<CachedSession | null>(loadSession());
	#problem = $state<SessionProblem | null>(null);
	#refreshing: Promise<boolean> | null = null;
	#fetchingDevice: Promise<void> | null = null;

	constructor() {
		// Another tab of this device refreshed: its new token replaced ours on the server.
		if (typeof window !== 'undefined') window.addEventListener('storage', () => this.#adoptStored());
	}

	get current(): CachedSession | null {
		return this.#current;
	}

	/**
	 * This device's hazard number space (`deviceCode(n)` of its session, e.g. 'C'); null for a session
	 * saved before device numbers, until the device has been online once (`refreshIfDue` fetches it).
	 * Registering a hazard needs it: the UI says 联网一次后即可登记隐患 meanwhile.
	 */
	get deviceCode(): string | null {
		return this.#current?.device?.code ?? null;
	}

	get problem(): SessionProblem | null {
		return this.#problem;
	}

	/** Signs in with a token from a sign-in link (`/signin#token=…`). Needs the network once. */
	async signInWithToken(token: string): Promise<Session> {
		return this.#adopt(await api.session(token));
	}

	/** Signs in as an existing member with a one-time sign-in code a leader or the office made. */
	async signInWithCode(code: string): Promise<Session> {
		return this.#adopt(await api.signInWithCode(code));
	}

	/** Accepts an invite: the server makes this person a member and returns their token. */
	async join(code: string, name: string): Promise<Session> {
		return this.#adopt(await api.join(code, name));
	}

	/**
	 * Gets a fresh token. Returns true when the session is usable; a refusal sets `problem`, being
	 * offline leaves everything as it is (the next attempt happens when the network returns).
	 */
	refresh(): Promise<boolean> {
		if (this.#adoptStored()) return Promise.resolve(true);
		const session = this.#current;
		if (!session) return Promise.resolve(false);
		this.#refreshing ??= api
			.refresh(session.token)
			.then((fresh) => {
				this.#adopt(fresh);
				return true;
			})
			.catch((error: unknown) => {
				if (error instanceof ApiError && !error.offline) {
					this.#problem =
						error.code === 'revoked' ? 'revoked' : error.status === 401 ? 'expired' : 'unauthorized';
				}
				return false;
			})
			.finally(() => (this.#refreshing = null));
		return this.#refreshing;
	}

	/**
	 * Refreshes ahead of expiry, so a device that is online now and then never finds itself locked
	 * out; and asks for the device number once when the saved session predates it.
	 */
	async refreshIfDue(now = Date.now()): Promise<void> {
		if (this.#current && this.#current.expiresAt - now < REFRESH_BEFORE_MS) await this.refresh();
		if (this.#current && !this.#current.device) await this.fetchDevice();
	}

	/**
	 * Asks the server for this device session's number (`GET /api/session`) and keeps it with the
	 * session; the token stays. Offline or refused, nothing changes (a refusal is the refresh's to
	 * report); the next attempt comes with the next `refreshIfDue`.
	 */
	fetchDevice(): Promise<void> {
		const session = this.#current;
		if (!session || session.device) return Promise.resolve();
		this.#fetchingDevice ??= api
			.session(session.token)
			.then((info) => {
				const now = this.#current;
				if (!now || now.member.id !== info.member.id || now.device || !isDevice(info.device)) return;
				this.#adopt({ ...now, device: info.device });
			})
			.catch(() => undefined)
			.finally(() => (this.#fetchingDevice = null));
		return this.#fetchingDevice;
	}

	/** The sync server refused the token (close code 4401/4403). */
	report(problem: SessionProblem): void {
		this.#problem = problem;
	}

	/**
	 * Forgets the session, and what the device kept of this member's screens (the ledger's first
	 * rows, the kept screens).
	 */
	signOut(): void {
		clearSession();
		forgetFirstRows();
		void forgetKeptScreens();
		this.#current = null;
		this.#problem = null;
	}

	/**
	 * Takes the token another tab saved, if it is a newer one for the same member: a refresh
	 * replaces the old token on the server, so a tab that kept it would be refused after a few
	 * seconds. Returns whether it did.
	 */
	#adoptStored(): boolean {
		const stored = loadSession();
		const current = this.#current;
		if (!stored || !current) return false;
		if (stored.token === current.token) {
			// Another tab fetched the device number for this same token: take it, the token is no newer.
			if (!current.device && stored.device && stored.member.id === current.member.id) this.#current = stored;
			return false;
		}
		if (stored.member.id !== current.member.id || stored.expiresAt < current.expiresAt) return false;
		this.#current = stored;
		this.#problem = null;
		return true;
	}

	#adopt<T extends CachedSession>(session: T): T {
		// A screen kept for someone else, or for this member in another role, must not be shown.
		if (!sameMember(this.#current ?? loadSession(), session)) void forgetKeptScreens();
		saveSession(session);
		this.#current = session;
		this.#problem = null;
		return session;
	}
}

/** The SessionState of the nearest layout that set it; `getSession()` throws outside one. */
export const [getSession, setSession] = createContext<SessionState>();
