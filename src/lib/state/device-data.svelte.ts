import { exportWorkspace, importWorkspace, type TransferReport } from '../sync/workspace-transfer.ts';
import { WorkspaceFileError, decodeWorkspaceFile, type FileProblem } from '../sync/workspace-file.ts';
import type { AppState } from './app.svelte.ts';
import { download, exportFileName } from './download.ts';
import { askPersistence, currentPersistence, type Persistence } from './storage-persistence.ts';

/** What the last export or import did, for the panel to say. */
export type TransferOutcome =
	| { kind: 'exported'; report: TransferReport; filename: string }
	| { kind: 'imported'; report: TransferReport }
	| { kind: 'refused'; problem: FileProblem; workspaceName: string }
	| { kind: 'failed'; message: string };

/** The device's own copy of the workspace: storage persistence and usage, export and import. */
export class DeviceDataState {
	#app: AppState;
	#persistence = $state<Persistence | null>(null);
	#usage = $state<number | null>(null);
	#quota = $state<number | null>(null);
	#documents = $state<number | null>(null);
	#busy = $state<'export' | 'import' | null>(null);
	#outcome = $state<TransferOutcome | null>(null);

	constructor(app: AppState) {
		this.#app = app;
	}

	/** null until read. */
	get persistence(): Persistence | null {
		return this.#persistence;
	}

	/** Bytes this site uses and may use (navigator.storage.estimate); null when unknown. */
	get usage(): number | null {
		return this.#usage;
	}

	get quota(): number | null {
		return this.#quota;
	}

	/** Documents of this workspace kept in IndexedDB on this device; null when the browser cannot list them. */
	get documents(): number | null {
		return this.#documents;
	}

	get busy(): 'export' | 'import' | null {
		return this.#busy;
	}

	get outcome(): TransferOutcome | null {
		return this.#outcome;
	}

	/** Reads persistence, usage and document count again. */
	async refresh(): Promise<void> {
		this.#persistence = await currentPersistence();
		const estimate = await navigator.storage?.estimate?.().catch(() => null);
		this.#usage = estimate?.usage ?? null;
		this.#quota = estimate?.quota ?? null;
		this.#documents = await this.#countDocuments();
	}

	async askPersistence(): Promise<void> {
		this.#persistence = await askPersistence();
	}

	/** Writes every document of the workspace into one file and downloads it. */
	async exportFile(at = Date.now()): Promise<void> {
		await this.#run('export', async () => {
			const { bytes, file, report } = await exportWorkspace(this.#app.hub, {
				workspaceName: this.#app.workspaceName,
				actor: this.#app.actor,
				at,
				photos: this.#app.photos.library
			});
			const filename = exportFileName(file.workspace.name, at);
			download(bytes, filename);
			this.#outcome = { kind: 'exported', report, filename };
			// Exporting opened every document, so the device may now hold more of them.
			await this.refresh();
		});
	}

	/** Checks `file` completely, then merges it into this device's documents (nothing if refused). */
	async importFile(file: Blob): Promise<void> {
		await this.#run('import', async () => {
			const bytes = new Uint8Array(await file.arrayBuffer());
			try {
				const decoded = decodeWorkspaceFile(bytes, this.#app.hub.workspace);
				const report = await importWorkspace(this.#app.hub, decoded, this.#app.actor, {
					photos: this.#app.photos.library
				});
				this.#outcome = { kind: 'imported', report };
			} catch (error) {
				if (!(error instanceof WorkspaceFileError)) throw error;
				this.#outcome = { kind: 'refused', problem: error.problem, workspaceName: error.workspaceName };
			}
			await this.refresh();
		});
	}

	async #run(kind: 'export' | 'import', work: () => Promise<void>): Promise<void> {
		if (this.#busy) return;
		this.#busy = kind;
		this.#outcome = null;
		try {
			await work();
		} catch (error) {
			this.#outcome = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
		} finally {
			this.#busy = null;
		}
	}

	async #countDocuments(): Promise<number | null> {
		if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return null;
		// The hub names each document's database `xiaoan/<workspace>/<document>` (doc-handle.ts).
		const prefix = `xiaoan/${this.#app.hub.workspace}/`;
		const databases = await indexedDB.databases().catch(() => null);
		return databases?.filter((db) => db.name?.startsWith(prefix)).length ?? null;
	}
}
