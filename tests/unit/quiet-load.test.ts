import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { DocHandle } from '../../src/lib/sync/doc-handle.ts';

/** A DocHandle as the hub makes one, never connected. */
function handle(room: string): DocHandle {
	return new DocHandle('ledger', {
		serverUrl: 'ws://127.0.0.1:9/sync',
		room,
		params: {},
		persistence: true,
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		initialPending: 0,
		onPendingChange: () => undefined,
		connect: false
	});
}

async function store(room: string, fill: (doc: Y.Doc) => void): Promise<void> {
	const doc = new Y.Doc();
	fill(doc);
	const persistence = new IndexeddbPersistence(`xiaoan/${room}`, doc);
	await persistence.whenSynced;
	await persistence.destroy();
}

describe('opening a document from IndexedDB (quiet-load.ts)', () => {
	it('loads without an update event, tells onChange once, then works as before', async () => {
		await store('q/one', (doc) => doc.getMap('hazards').set('h1', '燃气管道老化'));
		const first = handle('q/one');
		let changes = 0;
		const updates: unknown[] = [];
		first.onChange(() => changes++);
		first.doc.on('update', (_update: Uint8Array, origin: unknown) => updates.push(origin));
		await first.loaded;
		expect(first.doc.getMap('hazards').get('h1')).toBe('燃气管道老化');
		expect(changes).toBe(1);
		expect(updates).toEqual([]); // nobody was handed the whole document again

		first.doc.getMap('hazards').set('h2', '围栏松动');
		expect(changes).toBe(2);
		expect(updates).toHaveLength(1);
		await first.destroy();

		// y-indexeddb's own listener was put back: the edit was stored.
		const again = handle('q/one');
		await again.loaded;
		expect(again.doc.getMap('hazards').toJSON()).toEqual({ h1: '燃气管道老化', h2: '围栏松动' });
		await again.destroy();
	});

	it('tells onChange nothing when IndexedDB held nothing', async () => {
		const empty = handle('q/empty');
		let changes = 0;
		empty.onChange(() => changes++);
		await empty.loaded;
		expect(changes).toBe(0);
		empty.doc.getText('t').insert(0, '新');
		expect(changes).toBe(1);
		await empty.destroy();
	});

	it('passes later reads of rows another tab wrote to every listener', async () => {
		await store('q/tabs', (doc) => doc.getMap('hazards').set('h1', 'a'));
		const tab = handle('q/tabs');
		await tab.loaded;
		const origins: unknown[] = [];
		tab.doc.on('update', (_update: Uint8Array, origin: unknown) => origins.push(origin));
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(tab.doc));
		other.getMap('hazards').set('h3', 'c');
		Y.applyUpdate(tab.doc, Y.encodeStateAsUpdate(other), 'remote');
		expect(origins).toEqual(['remote']);
		await tab.destroy();
	});
});
