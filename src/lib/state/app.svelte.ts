import { createContext } from 'svelte';
import { documentKind, type DocumentKind, type DocumentName } from '../model/documents.ts';
import type { Actor } from '../model/origin.ts';
import { canCreateRound, canManageMembers, canWrite, type Role } from '../model/permissions.ts';
import {
	SyncHub,
	SYNC_PATH,
	CloseCode,
	onPresenceChange,
	peers,
	setLocalPresence,
	type HubStatus,
	type PeerPresence,
	type TerminalClose
} from '../sync/index.ts';
import { memberColor } from './member-color.ts';
import { PhotosState } from './photos.svelte.ts';
import { WorkspaceSync } from './workspace-sync.svelte.ts';
import type { SessionState } from './session.svelte.ts';

export interface AppOptions {
	/** Default: this page's origin with `/sync`, so one server serves the app and the sync. */
	serverUrl?: string;
}

/** At most this many refreshes after "expired" refusals per window, so a refused token never loops. */
const MAX_REFRESHES_PER_WINDOW = 3;
const REFRESH_WINDOW_MS = 60_000;
const REFRESH_CHECK_MS = 3600_000;

/**
 * The signed-in app: who this device is (from the session), the workspace's sync hub and the sync
 * status shown everywhere. Created once per member by the root layout.
 */
export class AppState {
	readonly hub: SyncHub;
	readonly session: SessionState;
	/** Every document on this device, migrations, documents from a newer app. */
	readonly workspace: WorkspaceSync;
	/** Photos on this device and their upload queue. */
	readonly photos: PhotosState;
	#status = $state<HubStatus>({ connection: 'connecting', pending: 0, refused: false, documents: 0 });
	#online = $state<PeerPresence[]>([]);
	/** Documents whose changes the server refused for good, with the close code (hub.ts). */
	#refusals = $state.raw<[DocumentName, number][]>([]);
	#cleanup: (() => void)[] = [];
	#refreshes: number[] = [];
	/** The token the hub connects with; the session's may be newer (another tab refreshed). */
	#hubToken: string;

	constructor(session: SessionState, options: AppOptions = {}) {
		const current = session.current;
		if (!current) throw new Error('AppState needs a signed-in session');
		this.session = session;
		this.#hubToken = current.token;
		const serverUrl = options.serverUrl ?? `${location.origin.replace(/^http/, 'ws')}${SYNC_PATH}`;
		this.hub = new SyncHub({
			serverUrl,
			workspace: current.workspace.id,
			params: { token: current.token },
			connect: navigator.onLine
		});
		// The workspace's `meta` stays open for the whole session: every page needs it, and the sync
		// badge then always speaks of a live connection, even on pages that open no other document.
		// Its awareness is the workspace's "who is online".
		const meta = this.hub.open('meta');
		setLocalPresence(meta.awareness, {
			memberId: current.member.id,
			name: current.member.name,
			role: current.member.role,
			color: memberColor(current.member.id),
			focus: null
		});
		this.#cleanup.push(onPresenceChange(meta.awareness, () => (this.#online = peers(meta.awareness))));
		this.workspace = new WorkspaceSync(this.hub, meta, () => this.role);
		this.#cleanup.push(() => this.workspace.destroy());
		this.photos = new PhotosState(current.workspace.id, () => this.session.current?.token ?? null);
		this.#cleanup.push(() => this.photos.destroy());
		this.#status = this.hub.status;
		this.#cleanup.push(
			this.hub.onStatus(() => {
				const was = this.#status.connection;
				this.#status = this.hub.status;
				const refusals = this.hub.refusals;
				if (refusals.length !== this.#refusals.length) this.#refusals = refusals;
				// The sync server answers again (it restarted, or the signal came back without an
				// `online` event): photos waiting for it need not sit out their backoff.
				if (was !== 'synced' && this.#status.connection === 'synced') this.photos.resume();
			})
		);
		this.#cleanup.push(this.hub.onClosed((close) => void this.#onRefused(close)));
		this.#listen('online', () => {
			this.hub.setOnline(true);
			this.workspace.poke();
			void this.#refreshIfDue();
		});
		this.#listen('offline', () => this.hub.setOnline(false));
		const timer = setInterval(() => void this.#refreshIfDue(), REFRESH_CHECK_MS);
		this.#cleanup.push(() => clearInterval(timer));
		void this.#refreshIfDue();
	}

	get actor(): Actor {
		const member = this.session.current?.member;
		return member ? { id: member.id, name: member.name } : { id: 'signed-out', name: '' };
	}

	get role(): Role {
		return this.session.current?.member.role ?? 'viewer';
	}

	get workspaceName(): string {
		return this.session.current?.workspace.name ?? '';
	}

	get color(): string {
		return memberColor(this.actor.id);
	}

	get status(): HubStatus {
		return this.#status;
	}

	/**
	 * The documents whose changes the server refused for good in this session (a broken rule, a
	 * signed-off round, a full quota), with the close code to describe (`describeClose`). Their
	 * sockets stay closed so the refused change is not sent again and again.
	 */
	get refusals(): readonly [DocumentName, number][] {
		return this.#refusals;
	}

	/** The other members with the app open right now. */
	get online(): PeerPresence[] {
		return this.#online;
	}

	canWrite(kind: DocumentKind): boolean {
		return canWrite(this.role, kind);
	}

	/** Whether this member may write `name` now: the role allows it and no newer app wrote it. */
	mayWrite(name: DocumentName): boolean {
		return canWrite(this.role, documentKind(name)) && !this.workspace.isNewer(name);
	}

	get canCreateRound(): boolean {
		return canCreateRound(this.role);
	}

	get canManageMembers(): boolean {
		return canManageMembers(this.role);
	}

	async destroy(): Promise<void> {
		for (const fn of this.#cleanup) fn();
		await this.hub.destroy();
	}

	async #refreshIfDue(): Promise<void> {
		if (!navigator.onLine) return;
		const before = this.session.current?.token;
		await this.session.refreshIfDue();
		this.#adoptToken(before);
	}

	/** The server closed a document for good: refresh an expired token, else report it. */
	async #onRefused(close: TerminalClose): Promise<void> {
		if (close.code === CloseCode.unauthorized && close.reason === 'expired') {
			// Another tab refreshed (the server replaced the hub's token): use its token, no refresh.
			if (this.session.current && this.session.current.token !== this.#hubToken)
				return this.#adoptToken(undefined);
			// Every open document is refused at once; they share one refresh (SessionState dedups it).
			// A token refused again and again within a minute is reported instead of retried forever.
			const now = Date.now();
			this.#refreshes = this.#refreshes.filter((at) => now - at < REFRESH_WINDOW_MS);
			if (this.#refreshes.length >= MAX_REFRESHES_PER_WINDOW) return this.session.report('expired');
			this.#refreshes.push(now);
			if (await this.session.refresh()) this.#adoptToken(undefined);
			return;
		}
		if (close.code === CloseCode.forbidden && close.reason === 'revoked')
			return this.session.report('revoked');
		if (close.code === CloseCode.unauthorized || close.code === CloseCode.forbidden) {
			this.session.report('unauthorized');
		}
	}

	/** Hands a token that differs from `before` (any token, if undefined) to the hub and reconnects. */
	#adoptToken(before: string | undefined): void {
		const token = this.session.current?.token;
		if (!token || token === before) return;
		this.#hubToken = token;
		this.hub.setParams({ token });
		this.hub.reconnect();
		this.workspace.poke();
		this.photos.library.kick();
	}

	#listen(event: 'online' | 'offline', handler: () => void): void {
		window.addEventListener(event, handler);
		this.#cleanup.push(() => window.removeEventListener(event, handler));
	}
}

/** The AppState of the nearest layout that set it; `getApp()` throws outside one. */
export const [getApp, setApp] = createContext<AppState>();
