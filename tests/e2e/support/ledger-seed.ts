import WebSocket from 'ws';
import type * as Y from 'yjs';
import type { DocumentName } from '../../../src/lib/model/documents.ts';
import { localOrigin, type Actor } from '../../../src/lib/model/origin.ts';
import { replacePlanBody } from '../../../src/lib/model/plan-body.ts';
import type { PlanBlock } from '../../../src/lib/model/plan-import.ts';
import { SyncHub } from '../../../src/lib/sync/hub.ts';
import { WORKSPACE } from './server.ts';

/**
 * Writes into the workspace's ledger from another device: a real client of the app's own sync
 * layer (no IndexedDB), signed in with `token`, that waits until the server has stored the change.
 * For what no screen of this branch writes yet (a deadline in the past, many entries at once).
 */
export async function writeLedger(origin: string, token: string, write: (doc: Y.Doc) => void): Promise<void> {
	await writeDocument(origin, token, 'ledger', write);
}

/** Writes into any document of the workspace the same way, resolving once the server stored it. */
export async function writeDocument(
	origin: string,
	token: string,
	name: DocumentName,
	write: (doc: Y.Doc) => void
): Promise<void> {
	const hub = new SyncHub({
		serverUrl: `${origin.replace(/^http/, 'ws')}/sync`,
		workspace: WORKSPACE,
		params: { token },
		persistence: false,
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		lingerMs: 0
	});
	try {
		const handle = hub.open(name);
		await until(() => handle.status.connection === 'synced', 60_000);
		write(handle.doc);
		await until(() => handle.status.pending === 0 && handle.status.connection === 'synced', 120_000);
		if (handle.status.refused) throw new Error(`the server refused the change of ${name}`);
	} finally {
		await hub.destroy();
	}
}

/** Replaces the plan's text with `blocks`, written by `author`, resolving once the server stored it. */
export async function writePlanText(
	origin: string,
	token: string,
	author: Actor,
	blocks: readonly PlanBlock[]
): Promise<void> {
	await writeDocument(origin, token, 'plan', (doc) => replacePlanBody(doc, blocks, localOrigin(author)));
}

async function until(test: () => boolean, timeoutMs = 15_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (!test()) {
		if (Date.now() > end) throw new Error('timed out writing a document');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
