import * as Y from 'yjs';
import { ModelError } from './errors.ts';

/**
 * A document as it stood at a time: the server's answer to `GET /api/history/state` (one Yjs
 * update) read into a fresh document of its own, held in memory only. It is never the live
 * document, nor stored in IndexedDB, nor connected: screens read it with the model's readers, and
 * a restore (restore.ts) compares it with the live document and writes the difference there.
 */
export type AsOfDoc = Y.Doc;

/** A detached document from the server's state; `damaged_record` when the bytes are not one. */
export function asOfDoc(state: Uint8Array): AsOfDoc {
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, state);
	} catch {
		doc.destroy();
		throw new ModelError('damaged_record', 'unreadable document state');
	}
	return doc;
}
