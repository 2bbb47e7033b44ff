import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { answerItem } from '../../src/lib/model/inspection.ts';
import { getHazard, registerHazard } from '../../src/lib/model/ledger.ts';
import type { MemberContext } from '../../src/lib/model/hazard-rules.ts';
import type { Role } from '../../src/lib/model/permissions.ts';
import {
	HAZARD_LINKS,
	ledgerLinkKey,
	linkKey,
	readItemHazardLinks,
	registerHazardFromItem
} from '../../src/lib/model/round-hazard.ts';
import { roundTeam, setTeamMember } from '../../src/lib/model/round-team.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { connectAs, type TestMember } from './account-helpers.ts';
import { T0, WS, open, openRound, stored } from './round-rooms.ts';
import { closeEvents, storedDoc, synced, teardown, waitFor } from './helpers.ts';

afterEach(teardown);

function as(member: TestMember, role: Role): MemberContext {
	return { id: member.id, name: member.name, role, deptIds: [] };
}

/** A round the office created, open on the office's and an inspector's devices, and the ledger. */
async function round() {
	const opened = await openRound();
	return {
		...opened,
		office: as(opened.officeMember, 'office'),
		inspector: as(opened.inspectorMember, 'inspector')
	};
}

/** Sends `change` from a fresh client of `member` and returns how the server closed it. */
async function refused(url: string, room: string, member: TestMember, change: (doc: Y.Doc) => void) {
	const client = await synced(connectAs(url, room, member));
	const closes = closeEvents(client);
	change(client.doc);
	await waitFor(() => closes.length > 0, 'refused');
	client.provider.destroy();
	return closes[0];
}

describe('a round’s team on the server', () => {
	it('takes the office’s team, and refuses an inspector’s change of it whole', async () => {
		const { url, dataDir, room, areas, inspector, officeMember, inspectorMember, officeRound } =
			await round();
		setTeamMember(
			officeRound.doc,
			{ id: inspectorMember.id, name: inspector.name, areas: [areas[0]!.id] },
			as(officeMember, 'office')
		);
		await stored(officeRound);
		expect(roundTeam(storedDoc(dataDir, room)).map((m) => m.areas)).toEqual([[areas[0]!.id]]);
		// The inspector moves their own areas, then tries adding a colleague.
		for (const change of [
			(doc: Y.Doc) =>
				setTeamMember(
					doc,
					{ id: inspectorMember.id, name: inspector.name, areas: [areas[2]!.id] },
					inspector
				),
			(doc: Y.Doc) => setTeamMember(doc, { id: 'someone', name: '李四' }, inspector)
		]) {
			const close = await refused(url, room, inspectorMember, change);
			expect(close).toEqual({
				code: CloseCode.notPermitted,
				reason: 'team changed by a member who is not the office'
			});
		}
		expect(roundTeam(storedDoc(dataDir, room)).map((m) => m.areas)).toEqual([[areas[0]!.id]]);
	});
});

describe('hazard links on the server', () => {
	it('takes a hazard registered from a failed item on both sides', async () => {
		const { url, dataDir, room, items, inspector, inspectorMember, inspectorRound } = await round();
		const ledger = await open(url, `${WS}/ledger`, inspectorMember);
		answerItem(inspectorRound.doc, items[0]!, 'fail', inspector, T0 + 1);
		const hazard = registerHazardFromItem(ledger.doc, inspectorRound.doc, items[0]!, inspector, 'A');
		await stored(ledger, inspectorRound);
		expect(readItemHazardLinks(storedDoc(dataDir, room)).get(items[0]!)?.[0]?.hazardId).toBe(hazard.id);
		expect(getHazard(storedDoc(dataDir, `${WS}/ledger`), hazard.id)?.source?.itemId).toBe(items[0]!);
	});

	it('refuses a link in another’s name, from an item that never failed, or deleted', async () => {
		const { url, dataDir, room, items, inspector, inspectorMember, otherMember, inspectorRound } =
			await round();
		answerItem(inspectorRound.doc, items[0]!, 'fail', inspector, T0 + 1);
		const ledgerClient = await open(url, `${WS}/ledger`, inspectorMember);
		const hazard = registerHazardFromItem(ledgerClient.doc, inspectorRound.doc, items[0]!, inspector, 'A');
		await stored(ledgerClient, inspectorRound);
		const link = (itemId: string, by: string) => ({
			itemId,
			hazardId: hazard.id,
			number: hazard.number,
			kind: 'linked',
			by,
			byName: '',
			at: T0 + 5
		});
		const set = (itemId: string, by: string) => (doc: Y.Doc) =>
			doc.getMap(HAZARD_LINKS).set(linkKey(itemId, hazard.id), link(itemId, by));
		const attempts: [TestMember, (doc: Y.Doc) => void][] = [
			[otherMember, set(items[0]!, inspectorMember.id)],
			[otherMember, set(items[1]!, otherMember.id)],
			[inspectorMember, (doc) => doc.getMap(HAZARD_LINKS).delete(linkKey(items[0]!, hazard.id))]
		];
		for (const [member, change] of attempts) {
			const close = await refused(url, room, member, change);
			expect(close?.code).toBe(CloseCode.notPermitted);
		}
		expect(readItemHazardLinks(storedDoc(dataDir, room)).get(items[0]!)).toHaveLength(1);
		expect(readItemHazardLinks(storedDoc(dataDir, room)).has(items[1]!)).toBe(false);
	});

	it('refuses a hazard’s item link or source written in another member’s name', async () => {
		const { url, dataDir, room, items, office, inspector, officeMember, inspectorMember } = await round();
		const ledger = await open(url, `${WS}/ledger`, officeMember);
		const existing = registerHazard(
			ledger.doc,
			{ place: '实验楼', description: '灭火器过期' },
			office,
			'A',
			T0
		);
		await stored(ledger);
		const roundId = room.split('/').at(-1)!;
		const close = await refused(url, `${WS}/ledger`, inspectorMember, (doc) => {
			const rec = doc.getMap('hazards').get(existing.id) as Y.Map<unknown>;
			rec.set(ledgerLinkKey(roundId, items[0]!), {
				roundId,
				itemId: items[0]!,
				by: officeMember.id,
				byName: '',
				at: T0
			});
		});
		expect(close).toEqual({ code: CloseCode.notPermitted, reason: 'hazard link not allowed' });
		const forged = await refused(url, `${WS}/ledger`, inspectorMember, (doc) => {
			registerHazard(
				doc,
				{ place: '操场', description: '井盖松动', source: { roundId, itemId: items[0]! } },
				{ ...inspector, id: officeMember.id },
				'B',
				T0
			);
		});
		expect(forged?.code).toBe(CloseCode.notPermitted);
		expect(getHazard(storedDoc(dataDir, `${WS}/ledger`), existing.id)?.links).toEqual([]);
	});
});
