import type { DocumentName } from '../model/documents.ts';
import type { DocHandle, SyncHub } from '../sync/index.ts';

/**
 * One workspace document held open for a read-mostly state class: `read` runs now (the document may
 * still be empty), on every change, and once more when the device's copy has loaded, after which
 * `loaded` turns true. A helper rather than a base class: a base constructor calling a subclass's
 * read would run before the subclass's `$state` fields exist.
 */
export class OpenDocument {
	readonly handle: DocHandle;
	#hub: SyncHub;
	#name: DocumentName;
	#loaded = $state(false);
	#stop: () => void;
	/** Settles once the device's copy has been read (`loaded`). */
	readonly ready: Promise<void>;

	constructor(hub: SyncHub, name: DocumentName, read: (doc: DocHandle['doc']) => void) {
		this.#hub = hub;
		this.#name = name;
		const handle = hub.open(name);
		this.handle = handle;
		this.#stop = handle.onChange(() => read(handle.doc));
		read(handle.doc);
		this.ready = handle.loaded.then(() => {
			read(handle.doc);
			this.#loaded = true;
		});
	}

	/** False until the device's copy of the document has been read. */
	get loaded(): boolean {
		return this.#loaded;
	}

	get doc(): DocHandle['doc'] {
		return this.handle.doc;
	}

	/** Stops reading and releases the document. */
	destroy(): void {
		this.#stop();
		this.#hub.release(this.#name);
	}
}
