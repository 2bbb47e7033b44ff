import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prepareDocument } from '../../src/lib/model/document-schema.ts';
import { SINGLETON_DOCUMENTS, type DocumentKind } from '../../src/lib/model/documents.ts';
import { initWorkspace } from '../../src/lib/model/meta.ts';
import {
	MIGRATIONS_KEY,
	appliedVersion,
	schemaVersion,
	versionMarker
} from '../../src/lib/model/migrations.ts';
import { isOrigin, type Origin } from '../../src/lib/model/origin.ts';

// Every document records its own schema version, is migrated when it loads (once, idempotently),
// and a document written by a newer app opens read-only instead of being written in the old shape.

const actor = { id: 'office-1', name: '周尹尹' };
const KINDS: DocumentKind[] = [...SINGLETON_DOCUMENTS, 'inspection'];

/** A document from before versioning: content, and no version marker at all. */
function withContent(kind: DocumentKind): Y.Doc {
	const doc = new Y.Doc();
	if (kind === 'meta') doc.getMap('workspace').set('name', '集善中学');
	else doc.getMap('content').set('x', 1);
	return doc;
}

function migrationOrigins(doc: Y.Doc): Origin[] {
	const origins: Origin[] = [];
	doc.on('afterTransaction', (tr: Y.Transaction) => {
		if (isOrigin(tr.origin) && tr.origin.source === 'migration' && tr.changed.size > 0)
			origins.push(tr.origin);
	});
	return origins;
}

describe('prepareDocument', () => {
	it.each(KINDS)('migrates a %s document once, and a second load changes nothing', (kind) => {
		const doc = withContent(kind);
		expect(appliedVersion(doc)).toBe(0);
		const origins = migrationOrigins(doc);
		expect(prepareDocument(kind, doc, true)).toEqual({ newer: false, migrated: schemaVersion(kind) });
		expect(appliedVersion(doc)).toBe(schemaVersion(kind));
		const after = Y.encodeStateAsUpdate(doc);

		expect(prepareDocument(kind, doc, true)).toEqual({ newer: false, migrated: 0 });
		expect(Y.encodeStateAsUpdate(doc)).toEqual(after);
		expect(origins).toHaveLength(schemaVersion(kind));
	});

	it('a workspace made by this app is already at its version', () => {
		const meta = new Y.Doc();
		initWorkspace(meta, { name: '集善中学', actor });
		expect(prepareDocument('meta', meta, true)).toEqual({ newer: false, migrated: 0 });
	});

	it('two devices migrating the same old document converge on one marker', () => {
		const a = withContent('ledger');
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		prepareDocument('ledger', a, true);
		prepareDocument('ledger', b, true);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(a.getMap(MIGRATIONS_KEY).toJSON()).toEqual(b.getMap(MIGRATIONS_KEY).toJSON());
		expect([...a.getMap(MIGRATIONS_KEY).keys()].sort()).toEqual(['v1', 'v2']);
	});

	it('leaves documents alone for members who may not write them, and empty ones still on their way', () => {
		const reader = withContent('plan');
		expect(prepareDocument('plan', reader, false)).toEqual({ newer: false, migrated: 0 });
		expect(appliedVersion(reader)).toBe(0);
		const empty = new Y.Doc();
		expect(prepareDocument('duty', empty, true)).toEqual({ newer: false, migrated: 0 });
		expect(empty.store.clients.size).toBe(0);
		// meta waits for its header, which the server seeds.
		const meta = new Y.Doc();
		meta.getMap('rounds').set('r', 1);
		expect(prepareDocument('meta', meta, true).migrated).toBe(0);
	});

	it.each(KINDS)('reports a %s document written by a newer app, and never writes into it', (kind) => {
		const doc = withContent(kind);
		Y.applyUpdate(doc, versionMarker(schemaVersion(kind) + 1));
		const before = Y.encodeStateAsUpdate(doc);
		expect(prepareDocument(kind, doc, true)).toEqual({ newer: true, migrated: 0 });
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});
});
