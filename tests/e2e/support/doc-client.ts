import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { roomName, type DocumentName } from '../../../src/lib/model/documents.ts';
import { SYNC_PATH } from '../../../src/lib/sync/wire.ts';
import { WORKSPACE, type ServerProcess } from './server.ts';

/**
 * A workspace document opened from Node with a real y-websocket client and a member's token, the
 * way the app connects (src/lib/sync/doc-handle.ts: `<server>/sync/<workspace>/<document>`,
 * `?token=`): for steps whose screens belong to other parts of the app (registering a hazard,
 * naming a member's departments), written with the model's own operations.
 */
export class DocClient {
	readonly doc = new Y.Doc();
	readonly #provider: WebsocketProvider;

	private constructor(server: ServerProcess, name: DocumentName, token: string) {
		this.#provider = new WebsocketProvider(
			`${server.url.replace(/^http/, 'ws')}${SYNC_PATH}`,
			roomName(WORKSPACE, name),
			this.doc,
			{
				WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
				disableBc: true,
				params: { token }
			}
		);
	}

	/** Opens `name` and resolves once the server's copy has arrived. */
	static async open(server: ServerProcess, name: DocumentName, token: string): Promise<DocClient> {
		const client = new DocClient(server, name, token);
		await client.#until(() => client.#provider.synced, `sync of ${name}`);
		return client;
	}

	/** Writes with `write`, then waits until the socket has sent it (the server stores before it relays). */
	async write(write: (doc: Y.Doc) => void): Promise<void> {
		write(this.doc);
		const socket = this.#provider.ws as unknown as { bufferedAmount: number } | null;
		await this.#until(() => (socket?.bufferedAmount ?? 0) === 0, 'send');
	}

	/** Applies what another (offline) copy of the document wrote, as if it came back online. */
	async merge(other: Y.Doc): Promise<void> {
		await this.write((doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc))));
	}

	/** A copy of the document as it is now, to act on offline. */
	offlineCopy(): Y.Doc {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
		return copy;
	}

	close(): void {
		this.#provider.destroy();
		this.doc.destroy();
	}

	async #until(test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (!test()) {
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
}
