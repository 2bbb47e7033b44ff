import { parseRoom } from '../src/lib/model/documents.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';
import type { SyncStorage } from './storage/types.ts';

export interface QuotaOptions {
	storage: SyncStorage;
	/** Most bytes one document may take in storage. */
	maxDocumentBytes: number;
	/** Most bytes all documents of one workspace may take in storage. */
	maxWorkspaceBytes: number;
}

/**
 * Caps what one document and one workspace may store, so one member's token cannot fill the
 * disk. Counts stored bytes (snapshot plus updates since), read from storage once per room and
 * workspace and then kept up to date from the hooks. An update that would pass a cap first makes
 * the room compact (dropping what its updates repeat or deleted), and is refused whole only if it
 * still does not fit.
 */
export class Quota implements RoomHooks {
	readonly #options: QuotaOptions;
	readonly #bytes = new Map<string, number>();

	constructor(options: QuotaOptions) {
		this.#options = options;
	}

	beforeApply(room: Room, update: Uint8Array): Refusal | null {
		const workspace = parseRoom(room.name)?.workspace;
		if (workspace === undefined) return null;
		if (this.#over(room.name, workspace, update.byteLength) === null) return null;
		room.compact();
		const over = this.#over(room.name, workspace, update.byteLength);
		if (over === null) return null;
		const detail = { storedBytes: this.#size(over === 'document' ? room.name : workspace) };
		return over === 'document'
			? { code: CloseCode.documentTooLarge, reason: 'document too large', detail }
			: { code: CloseCode.workspaceFull, reason: 'workspace storage full', detail };
	}

	afterStore(room: Room, _seq: number, bytes: number): void {
		const workspace = parseRoom(room.name)?.workspace;
		for (const name of [room.name, workspace]) {
			const known = name === undefined ? undefined : this.#bytes.get(name);
			if (name !== undefined && known !== undefined) this.#bytes.set(name, known + bytes);
		}
	}

	afterCompact(room: Room): void {
		// The room's updates became history: still counted for the workspace, not for the room.
		// Both are read again when next needed.
		this.#bytes.delete(room.name);
		const workspace = parseRoom(room.name)?.workspace;
		if (workspace !== undefined) this.#bytes.delete(workspace);
	}

	/** Forgets the sizes of `workspace` and its rooms (storage changed behind the server's back). */
	forget(workspace: string): void {
		for (const name of [...this.#bytes.keys()]) {
			if (name === workspace || name.startsWith(`${workspace}/`)) this.#bytes.delete(name);
		}
	}

	#over(room: string, workspace: string, adding: number): 'document' | 'workspace' | null {
		if (this.#size(room) + adding > this.#options.maxDocumentBytes) return 'document';
		if (this.#size(workspace) + adding > this.#options.maxWorkspaceBytes) return 'workspace';
		return null;
	}

	#size(name: string): number {
		let bytes = this.#bytes.get(name);
		if (bytes === undefined) {
			bytes = this.#options.storage.storedBytes(name);
			this.#bytes.set(name, bytes);
		}
		return bytes;
	}
}
