import type * as Y from 'yjs';
import type { DocumentKind } from './documents.ts';
import { readWorkspace } from './meta.ts';
import { isNewerSchema, runMigrations } from './migrations.ts';

export interface SchemaState {
	/** A newer app wrote this document: open it read-only and ask for an update. */
	newer: boolean;
	/** Migration steps run just now (0 when the document was up to date or could not be migrated). */
	migrated: number;
}

/**
 * Brings a loaded document up to this app's schema, or reports that it is newer than this app.
 * Runs when a document loads (from IndexedDB, and again once the server's copy arrives) and is
 * cheap when nothing is to do. Only a member who may write the document migrates it (a reader's
 * change would be refused), and only a document with content: an empty one is still on its way,
 * and `meta` only once its workspace header has arrived (the server seeds it).
 */
export function prepareDocument(kind: DocumentKind, doc: Y.Doc, mayWrite: boolean): SchemaState {
	if (isNewerSchema(kind, doc)) return { newer: true, migrated: 0 };
	if (!mayWrite || doc.store.clients.size === 0) return { newer: false, migrated: 0 };
	if (kind === 'meta' && readWorkspace(doc) === null) return { newer: false, migrated: 0 };
	return { newer: false, migrated: runMigrations(doc, kind) };
}
