import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { planBody } from '../../src/lib/model/plan.ts';
import { addThread, anchorInText, getThread, replyToThread } from '../../src/lib/model/plan-comments.ts';
import { addDecision, listDecisions } from '../../src/lib/model/plan-decisions.ts';
import type { StoredTracker } from '../../src/lib/sync/stored-tracker.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { addMember, connectAs, startAccountServer, type TestMember } from './account-helpers.ts';
import { closeEvents, storedDoc, synced, teardown, track, waitFor, type Client } from './helpers.ts';

afterEach(teardown);

const WS = 'school';
const ROOM = `${WS}/plan`;
const trackers = new WeakMap<Client, StoredTracker>();

async function open(url: string, member: TestMember): Promise<Client> {
	const client = connectAs(url, ROOM, member);
	trackers.set(client, track(client));
	return synced(client);
}

async function stored(...clients: Client[]): Promise<void> {
	await waitFor(
		() => clients.every((c) => c.provider.synced && trackers.get(c)!.pending === 0),
		'stored',
		15_000
	);
}

function text(doc: Y.Doc): Y.XmlText {
	return (planBody(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

/** A plan the office wrote, and a department head and an inspector who only read its text. */
async function plan() {
	const server = await startAccountServer();
	server.accounts.createWorkspace({ id: WS, name: '甲校' });
	const office = addMember(server.accounts, WS, 'office', '周尹尹');
	const dept = addMember(server.accounts, WS, 'dept', '李强');
	const viewer = addMember(server.accounts, WS, 'viewer', '督导');
	const officeClient = await open(server.url, office);
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText('每月开展一次安全检查。')]);
	planBody(officeClient.doc).insert(0, [p]);
	await stored(officeClient);
	return { ...server, office, dept, viewer, officeClient };
}

describe('plan comments on the server', () => {
	it('takes a comment and a reply from a member who may not write the plan, and refuses their text edits', async () => {
		const { url, dataDir, dept, officeClient } = await plan();
		const client = await open(url, dept);
		addThread(
			client.doc,
			{ anchor: anchorInText(text(client.doc), 4, 8), quote: '安全检查', text: '频次够吗？' },
			{ id: dept.id, name: dept.name },
			1000,
			't1'
		);
		await stored(client);
		replyToThread(officeClient.doc, 't1', '够了', { id: 'x', name: 'x' }, 2000, 'bad');
		const closes = closeEvents(officeClient);
		// The office's reply in another member's name is refused whole.
		await waitFor(() => closes.length > 0, 'refused');
		expect(closes[0]).toEqual({ code: CloseCode.notPermitted, reason: 'plan comment not allowed' });
		expect(getThread(storedDoc(dataDir, ROOM), 't1')).toMatchObject({ text: '频次够吗？', byName: '李强' });
		expect(getThread(storedDoc(dataDir, ROOM), 't1')?.replies).toEqual([]);

		// The department head's device edits the text (a hostile client): dropped as a reader's
		// write is, nothing stored, and the socket stays open for reading.
		text(client.doc).insert(0, '改');
		await waitFor(() => trackers.get(client)!.refused, 'refused');
		expect(client.provider.wsconnected).toBe(true);
		expect(text(storedDoc(dataDir, ROOM)).toString()).toBe('每月开展一次安全检查。');
	});

	it('keeps a decision of a member who may not write the plan, and any write of a viewer, out', async () => {
		const { url, dataDir, dept, viewer } = await plan();
		for (const member of [dept, viewer]) {
			const client = await open(url, member);
			addDecision(client.doc, { text: '每周检查', owner: '', deadline: null }, member);
			if (member === viewer)
				addThread(
					client.doc,
					{ anchor: anchorInText(text(client.doc), 0, 2), quote: '每月', text: '看看' },
					member
				);
			await waitFor(() => trackers.get(client)!.refused || !client.provider.wsconnected, 'refused');
			client.provider.destroy();
		}
		const doc = storedDoc(dataDir, ROOM);
		expect(listDecisions(doc)).toEqual([]);
		expect(doc.getMap('comments').size).toBe(0);
	});
});
