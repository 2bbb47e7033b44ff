import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ChangeFact } from '../../src/lib/model/change-log.ts';
import { answerItem, readRound } from '../../src/lib/model/inspection.ts';
import { getHazard, moveHazard, registerHazard, updateHazard } from '../../src/lib/model/ledger.ts';
import type { MemberContext } from '../../src/lib/model/hazard-rules.ts';
import type { Role } from '../../src/lib/model/permissions.ts';
import { submitRound } from '../../src/lib/model/round-lifecycle.ts';
import { SqliteStorage, sqliteFile } from '../../sync-server/storage/sqlite.ts';
import { addMember, api, type TestMember } from './account-helpers.ts';
import { storedDoc, teardown, tempDir, waitFor } from './helpers.ts';
import { T0, WS, open, openRound, stored } from './round-rooms.ts';

afterEach(teardown);

function as(member: TestMember, role: Role): MemberContext {
	return { id: member.id, name: member.name, role, deptIds: [] };
}

interface Entry {
	seq: number;
	at: number;
	memberId: string;
	memberName: string;
	facts: ChangeFact[];
}

async function changes(url: string, member: TestMember, query: string) {
	const response = await api(url, `/api/changes?${query}`, { token: member.token });
	expect(response.status, JSON.stringify(response.body)).toBe(200);
	return response.body as { historyFrom: number | null; entries: Entry[] };
}

async function stateAt(url: string, member: TestMember, document: string, at: number): Promise<Y.Doc> {
	const response = await fetch(`${url}/api/history/state?document=${document}&at=${at}`, {
		headers: { authorization: `Bearer ${member.token}` }
	});
	expect(response.status).toBe(200);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
	return doc;
}

/** The server's clock has moved past `at`, so what is stored next is stamped later. */
const after = (at: number) => waitFor(() => Date.now() > at, 'the clock moved on');

describe('a document’s history on the server', () => {
	it('reads a round’s changes as facts with their authors, through compactions, filtered by member and time', async () => {
		// Compacting after every few updates: the change log must come from the kept history.
		const { url, dataDir, room, items, officeMember, inspectorMember, otherMember, inspectorRound } =
			await openRound({ compactAfter: 2 });
		const inspector = as(inspectorMember, 'inspector');
		const other = await open(url, room, otherMember);
		answerItem(inspectorRound.doc, items[0]!, 'pass', inspector, T0 + 1);
		await stored(inspectorRound);
		const firstDone = Date.now();
		await after(firstDone);
		answerItem(other.doc, items[1]!, 'fail', as(otherMember, 'inspector'), T0 + 2);
		await stored(other);
		answerItem(inspectorRound.doc, items[2]!, 'na', inspector, T0 + 3);
		submitRound(inspectorRound.doc, inspector, T0 + 4);
		await stored(inspectorRound);

		const storage = new SqliteStorage(dataDir, { readonly: true });
		expect(storage.countSinceSnapshot(room)).toBeLessThanOrEqual(2); // compacted on the way
		storage.close();

		const document = room.slice(WS.length + 1);
		const log = await changes(url, officeMember, `document=${document}`);
		const labels = readRound(inspectorRound.doc)!.areas.flatMap((area, a) =>
			area.items.map((item, i) => `${a + 1}.${i + 1} ${item.text}`)
		);
		const said = log.entries.flatMap((entry) => entry.facts.map((fact) => ({ who: entry.memberName, fact })));
		// Newest first.
		expect(said).toEqual([
			{ who: '王晓华', fact: { code: 'round.lifecycle', kind: 'submit' } },
			{ who: '王晓华', fact: { code: 'round.answer', item: labels[2], value: 'na' } },
			{ who: '黄春', fact: { code: 'round.answer', item: labels[1], value: 'fail' } },
			{ who: '王晓华', fact: { code: 'round.answer', item: labels[0], value: 'pass' } },
			{ who: '周主任', fact: { code: 'round.created', title: '11月检查' } }
		]);
		expect(log.historyFrom).toBeNull();

		const mine = await changes(url, officeMember, `document=${document}&member=${otherMember.id}`);
		expect(mine.entries.map((entry) => entry.memberName)).toEqual(['黄春']);
		const early = await changes(url, officeMember, `document=${document}&to=${firstDone}`);
		expect(early.entries.flatMap((entry) => entry.facts.map((fact) => fact.code))).toEqual([
			'round.answer',
			'round.created'
		]);
		const late = await changes(url, officeMember, `document=${document}&from=${firstDone + 1}`);
		expect(late.entries.every((entry) => entry.at > firstDone)).toBe(true);
		expect(late.entries).toHaveLength(log.entries.length - early.entries.length);
	});

	it('rebuilds the ledger as it stood at a time, after a compaction, and names who moved each hazard', async () => {
		const { url, dataDir, accounts, officeMember, inspectorMember } = await openRound({ compactAfter: 2 });
		const office = as(officeMember, 'office');
		const headMember = addMember(accounts, WS, 'dept', '刘处长');
		const head = { ...as(headMember, 'dept'), deptIds: ['general'] };
		const owners = new Map([['fire', ['general']]]);
		const found = await open(url, `${WS}/ledger`, inspectorMember);
		const hazard = registerHazard(
			found.doc,
			{ place: '实验楼三楼', description: '灭火器过期', level: '重大', domain: 'fire' },
			as(inspectorMember, 'inspector'),
			'A',
			T0
		);
		await stored(found);
		const registered = Date.now();
		const ledger = await open(url, `${WS}/ledger`, officeMember);
		await after(registered);
		updateHazard(ledger.doc, hazard.id, { level: '一般' }, office, owners);
		await stored(ledger);
		const headLedger = await open(url, `${WS}/ledger`, headMember);
		moveHazard(headLedger.doc, hazard.id, 'start', head, owners, { now: T0 + 10 });
		await stored(headLedger);
		expect(getHazard(storedDoc(dataDir, `${WS}/ledger`), hazard.id)?.level).toBe('一般');

		const then = await stateAt(url, inspectorMember, 'ledger', registered);
		expect(getHazard(then, hazard.id)).toMatchObject({ level: '重大', state: 'registered' });
		const now = await stateAt(url, inspectorMember, 'ledger', Date.now());
		expect(getHazard(now, hazard.id)).toMatchObject({ level: '一般', state: 'rectifying' });
		const before = await stateAt(url, inspectorMember, 'ledger', registered - 60_000);
		expect(getHazard(before, hazard.id)).toBeNull();

		const log = await changes(url, officeMember, 'document=ledger');
		const said = log.entries.flatMap((entry) => entry.facts.map((fact) => ({ who: entry.memberName, fact })));
		expect(said).toEqual([
			{ who: '刘处长', fact: { code: 'hazard.move', number: hazard.number, move: 'start', mark: 'applied' } },
			{ who: '周主任', fact: { code: 'hazard.level', number: hazard.number, from: '重大', to: '一般' } },
			{
				who: '王晓华',
				fact: { code: 'hazard.registered', number: hazard.number, place: '实验楼三楼', level: '重大' }
			}
		]);
	});

	it('refuses malformed queries and a missing token with clear errors', async () => {
		const { url, officeMember } = await openRound();
		for (const query of ['document=../x', 'document=ledger&limit=0', 'document=ledger&from=yesterday']) {
			const response = await api(url, `/api/changes?${query}`, { token: officeMember.token });
			expect(response.status, query).toBe(400);
		}
		const response = await api(url, '/api/history/state?document=ledger', { token: officeMember.token });
		expect(response.body).toMatchObject({ error: 'bad_request' });
		expect((await api(url, '/api/changes?document=ledger')).status).toBe(401);
	});
});

describe('history storage', () => {
	it('an older database gets the archive column, and its compacted rooms their base', () => {
		const dataDir = tempDir();
		const storage = new SqliteStorage(dataDir);
		storage.close();
		// Take the database back to before history: no `archived`, a compacted room.
		const db = new Database(sqliteFile(dataDir));
		db.exec(`DROP INDEX updates_live; ALTER TABLE updates DROP COLUMN archived; DELETE FROM history_base;`);
		const doc = new Y.Doc();
		doc.getMap('notes').set('a', 1);
		db.prepare('INSERT INTO snapshots (room, data, at) VALUES (?, ?, ?)').run(
			'ws/ledger',
			Y.encodeStateAsUpdate(doc),
			5
		);
		db.close();

		const upgraded = new SqliteStorage(dataDir);
		try {
			const rows = upgraded.history('ws/ledger');
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ seq: null, memberId: null, at: 5 });
			upgraded.append('ws/ledger', Y.encodeStateAsUpdate(doc), { memberId: 'm', at: 6 });
			upgraded.compact('ws/ledger', Y.encodeStateAsUpdate(doc));
			expect(upgraded.countSinceSnapshot('ws/ledger')).toBe(0);
			expect(upgraded.history('ws/ledger').map((row) => row.memberId)).toEqual([null, 'm']);
			expect(upgraded.history('ws/ledger', 0).map((row) => row.memberId)).toEqual(['m']);
			expect(upgraded.historyBytes('ws')).toBeGreaterThan(0);
		} finally {
			upgraded.close();
		}
	});
});
