import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { roomName } from '../../../src/lib/model/documents.ts';
import { SEED_DOMAINS } from '../../../src/lib/model/duty-seed.ts';
import { domainOwners, type MemberContext } from '../../../src/lib/model/ledger.ts';
import { SYNC_PATH } from '../../../src/lib/sync/wire.ts';
import { WORKSPACE, type ServerProcess } from './server.ts';

/** The seed plan's domain owners, as the model's rules take them. */
export const OWNERS = domainOwners(SEED_DOMAINS.map((domain, order) => ({ ...domain, order, lead: null })));

/**
 * Writes the demo workspace's `ledger` document from Node, as a standard y-websocket client with a
 * member's token (the screens that register hazards are being built): `fill` makes its changes
 * with the model, then this waits until a second, fresh client reads them back from the server.
 */
export async function seedLedger(
	server: ServerProcess,
	token: string,
	fill: (doc: Y.Doc) => void,
	expectHazards: number
): Promise<void> {
	const writer = await connect(server, token);
	try {
		fill(writer.doc);
		const reader = await connect(server, token);
		try {
			const deadline = Date.now() + 15_000;
			while (reader.doc.getMap('hazards').size < expectHazards) {
				if (Date.now() > deadline) throw new Error('the seeded ledger did not reach the server');
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		} finally {
			reader.provider.destroy();
		}
	} finally {
		writer.provider.destroy();
	}
}

async function connect(server: ServerProcess, token: string) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(
		`ws://127.0.0.1:${server.port}${SYNC_PATH}`,
		roomName(WORKSPACE, 'ledger'),
		doc,
		{
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			params: { token }
		}
	);
	const deadline = Date.now() + 15_000;
	while (!provider.synced) {
		if (Date.now() > deadline) throw new Error('no sync with the server');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return { doc, provider };
}

/** A member as the ledger's rules see them. */
export function memberContext(
	id: string,
	name: string,
	role: MemberContext['role'],
	deptIds: string[] = []
): MemberContext {
	return { id, name, role, deptIds };
}
