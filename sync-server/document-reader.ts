import * as Y from 'yjs';
import { roomName, type DocumentName } from '../src/lib/model/documents.ts';
import type { Rooms } from './rooms.ts';
import type { SyncStorage } from './storage/types.ts';

/**
 * Reads another document of a workspace for a hook (the duty board for the ledger's rules, the
 * index in `meta` for a round's creator): the room's doc when it is in memory (devices keep
 * `meta` and, on the ledger's pages, `duty` open), else a copy loaded from storage for the read.
 */
export class DocumentReader {
	readonly #storage: SyncStorage;
	readonly #rooms: () => Rooms | null;

	constructor(options: { storage: SyncStorage; rooms: () => Rooms | null }) {
		this.#storage = options.storage;
		this.#rooms = options.rooms;
	}

	read<T>(workspace: string, document: DocumentName, use: (doc: Y.Doc) => T): T {
		const name = roomName(workspace, document);
		const loaded = this.#rooms()?.peek(name);
		if (loaded) return use(loaded.doc);
		const doc = new Y.Doc();
		try {
			for (const stored of this.#storage.load(name)) Y.applyUpdate(doc, stored);
			return use(doc);
		} finally {
			doc.destroy();
		}
	}
}
