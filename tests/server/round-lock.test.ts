import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readRoundStats } from '../../src/lib/model/derived.ts';
import { answerItem, readRound } from '../../src/lib/model/inspection.ts';
import { versionMarker } from '../../src/lib/model/migrations.ts';
import type { Role } from '../../src/lib/model/permissions.ts';
import { ITEMS } from '../../src/lib/model/round-body.ts';
import {
	LIFECYCLE,
	reopenRound,
	roundLifecycle,
	signOffRound,
	signRound,
	submitRound,
	type LifecycleMember
} from '../../src/lib/model/round-lifecycle.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { connectAs, type TestMember } from './account-helpers.ts';
import { T0, open, openRound, stored } from './round-rooms.ts';
import { closeEvents, storedDoc, synced, teardown, waitFor } from './helpers.ts';

afterEach(teardown);

function as(member: TestMember, role: Role): LifecycleMember {
	return { id: member.id, name: member.name, role };
}

/** A round the inspector answered, submitted and signed, and the office signed off. */
async function signedOffRound() {
	const opened = await openRound();
	const { officeMember, inspectorMember, officeRound, inspectorRound, items } = opened;
	const office = as(officeMember, 'office');
	const inspector = as(inspectorMember, 'inspector');
	answerItem(inspectorRound.doc, items[0]!, 'pass', inspector, T0 + 1);
	submitRound(inspectorRound.doc, inspector, T0 + 2);
	signRound(inspectorRound.doc, inspector, { width: 200, height: 100, strokes: [[1, 2, 30, 40]] }, T0 + 3);
	await stored(inspectorRound);
	await waitFor(
		() => roundLifecycle(officeRound.doc).signatures.length === 1,
		'signature reached the office'
	);
	signOffRound(officeRound.doc, office, T0 + 4);
	await stored(officeRound);
	await waitFor(
		() => roundLifecycle(inspectorRound.doc).state === 'signed_off',
		'sign-off reached the inspector'
	);
	return { ...opened, office, inspector };
}

/** Appends an answer straight to the document, as an app that predates the lifecycle would. */
function rawAnswer(
	doc: Y.Doc,
	itemId: string,
	by: LifecycleMember,
	value: 'pass' | 'fail',
	at: number
): void {
	const answers = doc.getMap<Y.Map<unknown>>(ITEMS).get(itemId)!.get('answers') as Y.Array<unknown>;
	answers.push([{ id: `raw-${at}`, value, by: by.id, byName: by.name, at, replaces: [] }]);
}

function storedAnswer(dataDir: string, room: string, itemId: string): string | null {
	const round = readRound(storedDoc(dataDir, room))!;
	const item = round.areas.flatMap((area) => area.items).find((i) => i.id === itemId)!;
	return item.answer?.value ?? null;
}

describe('a signed-off round on the server', () => {
	it('refuses an answer whole, stores nothing of it, and says why', async () => {
		const { id, meta, dataDir, room, items, inspector, inspectorMember, inspectorRound, officeRound, logs } =
			await signedOffRound();
		// Lists learn it from the summary the server derives into meta.
		await waitFor(() => readRoundStats(meta.doc, id)?.lifecycle === 'signed_off', 'summary says signed off');
		const closes = closeEvents(inspectorRound);
		rawAnswer(inspectorRound.doc, items[0]!, inspector, 'fail', T0 + 10);
		await waitFor(() => closes.length > 0, 'refused');
		expect(closes[0]).toEqual({ code: CloseCode.roundLocked, reason: 'round signed off' });
		expect(logs.find((entry) => entry.message === 'update refused')?.fields).toMatchObject({
			room,
			memberId: inspectorMember.id,
			code: CloseCode.roundLocked
		});
		// Not retried (4400–4499), not stored, not relayed.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(inspectorRound.provider.wsconnected).toBe(false);
		expect(storedAnswer(dataDir, room, items[0]!)).toBe('pass');
		expect(readRound(officeRound.doc)?.areas[0]?.items[0]?.answer?.value).toBe('pass');
	});

	it('takes the office’s re-open, and answers after it', async () => {
		const { url, dataDir, room, items, office, inspector, inspectorMember, officeRound } =
			await signedOffRound();
		// A newer app's schema marker on the signed-off round changes nothing a reader sees: taken.
		const migrating = await open(url, room, inspectorMember);
		const migratingCloses = closeEvents(migrating);
		Y.applyUpdate(migrating.doc, versionMarker(2));
		await stored(migrating);
		expect(migratingCloses).toEqual([]);
		expect(storedDoc(dataDir, room).getMap('migrations').get('v2')).toBe(true);
		reopenRound(officeRound.doc, office, '第1项需要复查', T0 + 20);
		await stored(officeRound);
		expect(roundLifecycle(storedDoc(dataDir, room)).state).toBe('open');
		const again = await open(url, room, inspectorMember);
		const closes = closeEvents(again);
		answerItem(again.doc, items[0]!, 'fail', inspector, T0 + 21);
		await stored(again);
		expect(closes).toEqual([]);
		expect(storedAnswer(dataDir, room, items[0]!)).toBe('fail');
	});

	it('takes a re-open and the corrections the office made after it offline, in one update', async () => {
		const { dataDir, room, items, office, officeRound } = await signedOffRound();
		officeRound.provider.disconnect();
		reopenRound(officeRound.doc, office, '更正第2项', T0 + 30);
		answerItem(officeRound.doc, items[1]!, 'fail', office, T0 + 31);
		const closes = closeEvents(officeRound);
		officeRound.provider.connect();
		await stored(officeRound);
		expect(closes).toEqual([]);
		expect(storedAnswer(dataDir, room, items[1]!)).toBe('fail');
	});

	it('refuses lifecycle entries their sender may not record, and deletions of the log', async () => {
		const { url, dataDir, room, office, inspectorMember, officeMember } = await signedOffRound();
		const attempts: [TestMember, (doc: Y.Doc) => void, string][] = [
			// An inspector re-opening, or re-opening in the office's name.
			[inspectorMember, (doc) => push(doc, 'reopen', inspectorMember.id, { reason: '想改' }), 'not allowed'],
			[inspectorMember, (doc) => push(doc, 'reopen', office.id, { reason: '想改' }), 'not allowed'],
			// The office deleting the sign-off.
			[officeMember, (doc) => doc.getArray(LIFECYCLE).delete(2, 1), 'entries deleted']
		];
		for (const [member, change, reason] of attempts) {
			const client = await synced(connectAs(url, room, member));
			const closes = closeEvents(client);
			change(client.doc);
			await waitFor(() => closes.length > 0, reason);
			expect(closes[0]?.code).toBe(CloseCode.roundLocked);
			expect(closes[0]?.reason).toContain(reason);
			client.provider.destroy();
		}
		expect(roundLifecycle(storedDoc(dataDir, room)).state).toBe('signed_off');
		expect(storedDoc(dataDir, room).getArray(LIFECYCLE).length).toBe(3);
	});
});

function push(doc: Y.Doc, kind: string, by: string, extra: Record<string, unknown>): void {
	doc.getArray(LIFECYCLE).push([{ id: `forged-${kind}-${by}`, kind, by, byName: '', at: T0 + 50, ...extra }]);
}
