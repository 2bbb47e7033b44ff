import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { answerItem, readRound } from '../../src/lib/model/inspection.ts';
import { createRound } from '../../src/lib/model/rounds.ts';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { addMember, connectAs, startAccountServer } from './account-helpers.ts';
import { closeEvents, storedDoc, synced, teardown, track, waitFor } from './helpers.ts';

afterEach(teardown);

const WS = 'school';
const ROUND_ID = 'nov';
const ROOM = `${WS}/inspection/${ROUND_ID}`;

/** A workspace with one round, created by the office through real clients, and a reader of it. */
async function roundServer() {
	const server = await startAccountServer();
	server.accounts.createWorkspace({ id: WS, name: '甲校' });
	const office = addMember(server.accounts, WS, 'office', '周主任');
	const meta = await synced(connectAs(server.url, `${WS}/meta`, office));
	const roundDoc = new Y.Doc();
	createRound(meta.doc, roundDoc, {
		id: ROUND_ID,
		title: '十一月检查',
		month: '2026-11',
		actor: { id: office.id, name: office.name }
	});
	const metaTracker = track(meta);
	await waitFor(() => metaTracker.pending === 0, 'index stored');
	const creator = await synced(connectAs(server.url, ROOM, office, { doc: roundDoc }));
	const creatorTracker = track(creator);
	await waitFor(() => creatorTracker.pending === 0, 'round stored');
	const reader = await synced(connectAs(server.url, ROOM, addMember(server.accounts, WS, 'inspector')));
	await waitFor(() => readRound(reader.doc) !== null, 'reader has the round');
	const itemIds = [...reader.doc.getMap('items').keys()].sort();
	return { ...server, office, creator, reader, itemIds };
}

describe('updates of the wrong shape', () => {
	it('are refused whole: not stored, not relayed, the sender closed with 4422 and logged', async () => {
		const { url, dataDir, accounts, logs, office, creator, reader, itemIds } = await roundServer();
		let readerSawPoison = false;
		reader.doc.on('update', (_update: Uint8Array, origin: unknown) => {
			if (origin !== null && checkDocument('inspection', reader.doc).length > 0) readerSawPoison = true;
		});
		const poisons: [string, (doc: Y.Doc) => void][] = [
			[
				'answers set to a string',
				(doc) => doc.getMap<Y.Map<unknown>>('items').get(itemIds[0]!)!.set('answers', 'pass')
			],
			['an item replaced with a string', (doc) => doc.getMap<unknown>('items').set(itemIds[1]!, 'junk')],
			['a header field of the wrong type', (doc) => doc.getMap<unknown>('round').set('title', 42)]
		];
		for (const [what, poison] of poisons) {
			const attacker = addMember(accounts, WS, 'inspector', `攻击者-${what}`);
			const client = await synced(connectAs(url, ROOM, attacker, { doc: new Y.Doc() }));
			await waitFor(() => readRound(client.doc) !== null, 'attacker has the round');
			const closes = closeEvents(client);
			poison(client.doc);
			await waitFor(() => closes.length > 0, `${what}: closed`);
			expect(closes[0], what).toEqual({ code: CloseCode.invalidShape, reason: 'invalid document shape' });
			const refusal = logs.find(
				(entry) => entry.message === 'update refused' && entry.fields.memberId === attacker.id
			);
			expect(refusal?.fields, what).toMatchObject({ room: ROOM, memberName: attacker.name, code: 4422 });
			// y-websocket does not retry a 44xx close.
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(client.provider.wsconnected || client.provider.wsconnecting, what).toBe(false);
		}

		// The room keeps working: a legitimate answer after the refusals reaches the reader and storage.
		answerItem(creator.doc, itemIds[0]!, 'fail', { id: office.id, name: office.name });
		await waitFor(() => readRound(reader.doc)?.progress.fail === 1, 'answer relayed');
		expect(readerSawPoison).toBe(false);
		const view = readRound(reader.doc);
		expect(view?.problems).toEqual([]);
		expect(view?.title).toBe('十一月检查');
		const stored = storedDoc(dataDir, ROOM);
		expect(checkDocument('inspection', stored)).toEqual([]);
		expect(readRound(stored)?.progress.fail).toBe(1);
	});
});
