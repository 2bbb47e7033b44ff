import { getContext, setContext } from 'svelte';
import type { Actor } from '../model/origin.ts';
import { SyncHub, SYNC_PATH, type HubStatus } from '../sync/index.ts';
import { loadProfile, memberColor, saveProfile } from './profile.ts';

export interface AppOptions {
	workspace: string;
	/** Default: this page's origin with `/sync`, so one server serves the app and the sync. */
	serverUrl?: string;
}

/** The app-wide state: who this device is, its workspace hub and the sync status shown everywhere. */
export class AppState {
	readonly hub: SyncHub;
	#actor = $state<Actor>(loadProfile());
	#status = $state<HubStatus>({ connection: 'connecting', pending: 0, refused: false, documents: 0 });
	#cleanup: (() => void)[] = [];

	constructor(options: AppOptions) {
		const serverUrl = options.serverUrl ?? `${location.origin.replace(/^http/, 'ws')}${SYNC_PATH}`;
		this.hub = new SyncHub({ serverUrl, workspace: options.workspace, connect: navigator.onLine });
		this.#status = this.hub.status;
		this.#cleanup.push(this.hub.onStatus(() => (this.#status = this.hub.status)));
		const online = () => this.hub.setOnline(true);
		const offline = () => this.hub.setOnline(false);
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		this.#cleanup.push(() => {
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
		});
	}

	get actor(): Actor {
		return this.#actor;
	}

	get color(): string {
		return memberColor(this.#actor.id);
	}

	get status(): HubStatus {
		return this.#status;
	}

	rename(name: string): void {
		const trimmed = name.trim();
		if (trimmed === '' || trimmed.length > 40) throw new Error('name must be 1–40 characters');
		this.#actor = { ...this.#actor, name: trimmed };
		saveProfile(this.#actor);
	}

	async destroy(): Promise<void> {
		for (const fn of this.#cleanup) fn();
		await this.hub.destroy();
	}
}

const KEY = Symbol('app');

export function setApp(app: AppState): AppState {
	return setContext(KEY, app);
}

export function getApp(): AppState {
	const app = getContext<AppState | undefined>(KEY);
	if (!app) throw new Error('getApp() called outside the root layout');
	return app;
}
