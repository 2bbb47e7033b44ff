import { SvelteSet } from 'svelte/reactivity';
import { readDocVersions } from '../model/derived.ts';
import { documentKind, inspectionDocument, type DocumentName } from '../model/documents.ts';
import { prepareDocument } from '../model/document-schema.ts';
import { MIGRATIONS_KEY } from '../model/migrations.ts';
import { listRounds } from '../model/meta.ts';
import { canWrite, type Role } from '../model/permissions.ts';
import {
	BackgroundSync,
	type BackgroundStatus,
	type DocHandle,
	type SyncHub,
	type WorkspaceDocument
} from '../sync/index.ts';

/** The workspace's documents besides `meta` and the rounds, most wanted first. */
const SINGLETONS: readonly DocumentName[] = ['ledger', 'duty', 'plan', 'drills'];

/**
 * The whole workspace on this device: every document is fetched in the background (rounds newest
 * first), each document is migrated when it loads, and documents written by a newer app are known
 * so pages open them read-only.
 */
export class WorkspaceSync {
	readonly #meta: DocHandle;
	readonly #role: () => Role;
	readonly #background: BackgroundSync;
	readonly #newer = new SvelteSet<DocumentName>();
	#status = $state<BackgroundStatus>({ total: 0, current: 0, visiting: null });
	#cleanup: (() => void)[] = [];

	constructor(hub: SyncHub, meta: DocHandle, role: () => Role) {
		this.#meta = meta;
		this.#role = role;
		this.#cleanup.push(hub.onOpen((handle) => this.#watchSchema(handle)));
		this.#watchSchema(meta);
		this.#background = new BackgroundSync({ hub, documents: () => this.#documents() });
		this.#cleanup.push(this.#background.onStatus(() => (this.#status = this.#background.status)));
		this.#cleanup.push(meta.onChange(() => this.#background.poke()));
		void meta.loaded.then(() => this.#background.start());
	}

	/** How much of the workspace is on this device (for 设置 and tests). */
	get status(): BackgroundStatus {
		return this.#status;
	}

	/** Whether a newer app wrote `name`: show it read-only and ask for an update. */
	isNewer(name: DocumentName): boolean {
		return this.#newer.has(name);
	}

	/** The device came online, or something else may have become due. */
	poke(): void {
		this.#background.poke();
	}

	destroy(): void {
		this.#background.stop();
		for (const fn of this.#cleanup) fn();
	}

	#documents(): WorkspaceDocument[] {
		const versions = readDocVersions(this.#meta.doc);
		const names = [...listRounds(this.#meta.doc).map((round) => inspectionDocument(round.id)), ...SINGLETONS];
		return names.map((name) => ({ name, version: versions.get(name) ?? null }));
	}

	/** Migrates `handle` once loaded, and again whenever version markers arrive from elsewhere. */
	#watchSchema(handle: DocHandle): void {
		const check = (): void => {
			const kind = documentKind(handle.name);
			const state = prepareDocument(kind, handle.doc, canWrite(this.#role(), kind));
			if (state.newer) this.#newer.add(handle.name);
			else this.#newer.delete(handle.name);
		};
		void handle.loaded.then(() => {
			check();
			const markers = handle.doc.getMap(MIGRATIONS_KEY);
			markers.observe(check);
			// The server's copy may hold the structure a migration checks for (e.g. meta's header).
			const stop = handle.onStatus(() => {
				if (handle.status.connection !== 'synced') return;
				stop();
				check();
			});
		});
	}
}
