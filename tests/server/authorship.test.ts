import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attribute, type ClientOwner } from '../../sync-server/authorship.ts';

function docOf(client: number, key: string): Y.Doc {
	const doc = new Y.Doc();
	doc.clientID = client;
	doc.getMap('m').set(key, key);
	return doc;
}

const owners = (known: Record<number, ClientOwner>) => (clients: number[]) =>
	new Map(clients.flatMap((client) => (known[client] ? [[client, known[client]] as const] : [])));

describe('attribute', () => {
	it('splits a re-sent update by author; the parts together are the whole update', () => {
		const a = docOf(1, 'from-a');
		const b = docOf(2, 'from-b');
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const update = Y.encodeStateAsUpdate(b);
		const parts = attribute(update, 'member-b', owners({ 1: { memberId: 'member-a', clock: 1 } })).sort(
			(x, y) => x.memberId.localeCompare(y.memberId)
		);
		expect(parts.map(({ memberId, clients }) => [memberId, [...clients.keys()]])).toEqual([
			['member-a', [1]],
			['member-b', [2]]
		]);
		const rebuilt = new Y.Doc();
		for (const part of parts) Y.applyUpdate(rebuilt, part.update);
		expect(rebuilt.getMap('m').toJSON()).toEqual({ 'from-a': 'from-a', 'from-b': 'from-b' });
		const onlyA = new Y.Doc();
		Y.applyUpdate(onlyA, parts[0]?.update ?? new Uint8Array());
		expect(onlyA.getMap('m').toJSON()).toEqual({ 'from-a': 'from-a' });
	});

	it('never credits someone with changes beyond what they were recorded to have written', () => {
		const forged = docOf(1, 'x');
		forged.getMap('m').set('y', 'y'); // clock 2 of client 1, whose owner stored only clock < 1
		const parts = attribute(
			Y.encodeStateAsUpdate(forged),
			'mallory',
			owners({ 1: { memberId: 'a', clock: 1 } })
		);
		expect(parts.map((part) => part.memberId)).toEqual(['mallory']);
	});

	it('keeps an update of one author whole', () => {
		const update = Y.encodeStateAsUpdate(docOf(7, 'k'));
		const [part, ...rest] = attribute(update, 'sender', owners({}));
		expect(rest).toEqual([]);
		expect(part?.update).toBe(update);
		expect(part?.clients).toEqual(new Map([[7, 1]]));
	});
});
