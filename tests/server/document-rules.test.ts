import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { answerItem, readRound, setItemNote } from '../../src/lib/model/inspection.ts';
import {
	getHazard,
	listHazards,
	moveHazard,
	registerHazard,
	updateHazard,
	type HazardView
} from '../../src/lib/model/ledger.ts';
import { setHazardText } from '../../src/lib/model/hazard-edit.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { api, connectAs } from './account-helpers.ts';
import { closeEvents, storedDoc, synced, teardown, waitFor, type Client } from './helpers.ts';
import {
	NOW,
	WS,
	converged,
	officeMajorHazard,
	open,
	school,
	stored,
	type School,
	type SchoolMember
} from './rules-helpers.ts';

afterEach(teardown);

const OWNERS = new Map([['safe-campus', ['security']]]);
const YEAR_2100 = Date.UTC(2100, 0, 1);

/**
 * Sends `change` from a fresh client of `attacker`, holding the room's current state, and returns
 * how the server closed it. Then a member's legitimate change (`legit`) is relayed to `watcher`,
 * so anything the server had relayed of the attack would have reached the watcher before it.
 */
async function attempt(
	s: School,
	room: string,
	attacker: SchoolMember,
	change: (doc: Y.Doc) => void,
	watch: { watcher: Client; legit: () => void; by: Client }
) {
	const client = await synced(connectAs(s.url, room, attacker));
	await converged(client, watch.watcher);
	const closes = closeEvents(client);
	client.doc.transact(() => change(client.doc));
	await waitFor(() => closes.length > 0, 'refused');
	client.provider.destroy();
	watch.legit();
	await stored(watch.by);
	await converged(watch.by, watch.watcher);
	return closes[0];
}

function violations(s: School) {
	return s.accounts.violations(WS, 100);
}

async function withRound(s: School) {
	const { huang, wang, officeRound, roundRoom } = s;
	const huangRound = await open(s.url, roundRoom, huang);
	const wangRound = await open(s.url, roundRoom, wang);
	const items = readRound(wangRound.doc)!.areas.flatMap((area) => area.items.map((item) => item.id));
	answerItem(wangRound.doc, items[0]!, 'fail', wang.context, NOW - 60_000);
	setItemNote(wangRound.doc, items[0]!, '灭火器压力不足', wang.context);
	await stored(wangRound);
	await converged(officeRound, huangRound, wangRound);
	let notes = 0;
	// The office's legitimate edit after each attack: what the watcher must receive, the attack not.
	const legit = () => setItemNote(officeRound.doc, items[1]!, `核查 ${++notes}`, s.office.context);
	return { huangRound, wangRound, items, watch: { watcher: wangRound, legit, by: officeRound } };
}

describe('rules inside a round, on the server', () => {
	it('refuses an answer forged in another inspector’s name, or dated 2100', async () => {
		const s = await school();
		const { items, watch, wangRound } = await withRound(s);
		const forge = (by: SchoolMember, at: number) => (doc: Y.Doc) =>
			answerItem(doc, items[2]!, 'pass', by.context, at);
		const forged = await attempt(s, s.roundRoom, s.huang, forge(s.wang, YEAR_2100), watch);
		expect(forged).toEqual({ code: CloseCode.notPermitted, reason: 'document rule: forged_author' });
		const future = await attempt(s, s.roundRoom, s.huang, forge(s.huang, YEAR_2100), watch);
		expect(future).toEqual({ code: CloseCode.notPermitted, reason: 'document rule: future_time' });
		// Eleven minutes ahead is past the skew; a device five minutes fast is fine.
		const late = await attempt(s, s.roundRoom, s.huang, forge(s.huang, NOW + 11 * 60_000), watch);
		expect(late?.code).toBe(CloseCode.notPermitted);
		for (const doc of [wangRound.doc, storedDoc(s.dataDir, s.roundRoom)])
			expect(readRound(doc)!.areas[0]!.items.find((i) => i.id === items[2])?.history).toEqual([]);
		const huangRound = await open(s.url, s.roundRoom, s.huang);
		answerItem(huangRound.doc, items[2]!, 'pass', s.huang.context, NOW + 5 * 60_000);
		await stored(huangRound);
		expect(readRound(storedDoc(s.dataDir, s.roundRoom))!.progress.pass).toBe(1);
		expect(violations(s).map((v) => [v.memberName, v.rule, v.detail.record, v.detail.claimed])).toEqual([
			['黄春', 'future_time', 'answer', undefined],
			['黄春', 'future_time', 'answer', undefined],
			['黄春', 'forged_author', 'answer', '王晓华']
		]);
		expect(violations(s)[2]?.detail.label).toMatch(/^1\.3 /);
	});

	it('refuses deleting another inspector’s answer history', async () => {
		const s = await school();
		const { items, watch, wangRound } = await withRound(s);
		const close = await attempt(
			s,
			s.roundRoom,
			s.huang,
			(doc) => {
				const item = doc.getMap<Y.Map<unknown>>('items').get(items[0]!)!;
				const answers = item.get('answers') as Y.Array<unknown>;
				answers.delete(0, answers.length);
			},
			watch
		);
		expect(close?.reason).toBe('document rule: history_deleted');
		for (const doc of [wangRound.doc, storedDoc(s.dataDir, s.roundRoom)])
			expect(readRound(doc)!.areas[0]!.items[0]!.history.map((e) => e.byName)).toEqual(['王晓华']);
		expect(violations(s)[0]).toMatchObject({ memberName: '黄春', rule: 'history_deleted', attempts: 1 });
	});

	it('refuses rewriting, adding or wiping the checklist copied into the round', async () => {
		const s = await school();
		const { items, watch, wangRound } = await withRound(s);
		const before = readRound(storedDoc(s.dataDir, s.roundRoom))!;
		const itemsOf = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('items');
		const attacks: [string, (doc: Y.Doc) => void][] = [
			['checklist_changed', (doc) => itemsOf(doc).get(items[0]!)!.set('text', '灭火器是否摆放整齐')],
			[
				'checklist_changed',
				(doc) => {
					const extra = new Y.Map<unknown>();
					itemsOf(doc).set('extra', extra);
					extra.set('areaId', before.areas[0]!.id);
					extra.set('text', '新增的检查项');
					extra.set('order', 99);
					extra.set('templateItemId', 'extra');
					extra.set('answers', new Y.Array());
					extra.set('note', new Y.Text());
					extra.set('photos', new Y.Array());
				}
			],
			['record_deleted', (doc) => [...itemsOf(doc).keys()].forEach((key) => itemsOf(doc).delete(key))]
		];
		for (const [rule, change] of attacks) {
			const close = await attempt(s, s.roundRoom, s.huang, change, watch);
			expect(close).toEqual({ code: CloseCode.notPermitted, reason: `document rule: ${rule}` });
		}
		for (const doc of [wangRound.doc, storedDoc(s.dataDir, s.roundRoom)]) {
			const after = readRound(doc)!;
			expect(after.areas.map((a) => a.items.map((i) => [i.id, i.text]))).toEqual(
				before.areas.map((a) => a.items.map((i) => [i.id, i.text]))
			);
		}
		expect(violations(s).map((v) => v.rule)).toEqual([
			'record_deleted',
			'checklist_changed',
			'checklist_changed'
		]);
		expect(violations(s)[0]?.detail.round).toBe('11月检查');
	});

	it('refuses setting the round’s createdBy to someone else', async () => {
		const s = await school();
		const { watch, wangRound } = await withRound(s);
		const close = await attempt(
			s,
			s.roundRoom,
			s.huang,
			(doc) => doc.getMap('round').set('createdBy', { id: s.huang.id, name: s.huang.name }),
			watch
		);
		expect(close?.reason).toBe('document rule: fixed_changed');
		for (const doc of [wangRound.doc, storedDoc(s.dataDir, s.roundRoom)])
			expect(readRound(doc)!.createdBy).toEqual({ id: s.office.id, name: '周尹尹' });
		expect(violations(s)[0]).toMatchObject({
			memberName: '黄春',
			rule: 'fixed_changed',
			detail: { record: 'round', field: 'createdBy' }
		});
	});
});

/** A 重大 hazard of 安保处's domain, rectified by 李明 and re-inspected: it waits for the office's 销号. */
async function withLedger(s: School) {
	const { officeLedger, hazard: major } = await officeMajorHazard(s, NOW - 7_200_000);
	const liLedger = await open(s.url, `${WS}/ledger`, s.li);
	const wangLedger = await open(s.url, `${WS}/ledger`, s.wang);
	const minor = registerHazard(
		officeLedger.doc,
		{ place: '操场', description: '井盖松动', domain: 'safe-campus' },
		s.office.context,
		'A',
		NOW - 7_100_000
	);
	await stored(officeLedger);
	await converged(officeLedger, liLedger, wangLedger);
	moveHazard(liLedger.doc, major.id, 'start', s.li.context, OWNERS, { now: NOW - 3_000_000 });
	moveHazard(liLedger.doc, major.id, 'submit', s.li.context, OWNERS, {
		now: NOW - 2_000_000,
		comment: '已加固'
	});
	await stored(liLedger);
	await converged(officeLedger, liLedger, wangLedger);
	moveHazard(wangLedger.doc, major.id, 'pass', s.wang.context, OWNERS, { now: NOW - 1_000_000 });
	await stored(wangLedger);
	await converged(officeLedger, liLedger, wangLedger);
	let remarks = 0;
	const legit = () =>
		updateHazard(officeLedger.doc, minor.id, { remarks: `跟进 ${++remarks}` }, s.office.context, OWNERS);
	return {
		major,
		minor,
		officeLedger,
		liLedger,
		wangLedger,
		watch: { watcher: liLedger, legit, by: officeLedger }
	};
}

const rec = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>('hazards').get(id)!;

describe('rules inside the ledger, on the server', () => {
	it('refuses a department head closing another department’s 重大 hazard, in the office director’s name or his own', async () => {
		const s = await school();
		const { major, watch, liLedger } = await withLedger(s);
		const closeAs = (who: SchoolMember, count: number) => (doc: Y.Doc) => {
			const log = rec(doc, major.id).get('log') as Y.Array<unknown>;
			for (let i = 0; i < count; i++)
				log.push([
					{
						id: `forged-${who.name}-${i}`,
						from: 'verified',
						to: 'closed',
						by: who.id,
						byName: who.name,
						at: NOW - 1_000 + i,
						comment: '已销号',
						photos: [],
						deadline: null
					}
				]);
		};
		const forged = await attempt(s, `${WS}/ledger`, s.zhao, closeAs(s.office, 3), watch);
		expect(forged?.reason).toBe('document rule: forged_author');
		const own = await attempt(s, `${WS}/ledger`, s.zhao, closeAs(s.zhao, 1), watch);
		expect(own?.reason).toBe('document rule: move_not_allowed');
		for (const doc of [liLedger.doc, storedDoc(s.dataDir, `${WS}/ledger`)]) {
			const hazard = getHazard(doc, major.id) as HazardView;
			expect(hazard.state).toBe('verified');
			expect(hazard.timeline.map((e) => e.byName)).toEqual(['李明', '李明', '王晓华']);
			expect(listHazards(doc).find((h) => h.place === '操场')?.state).toBe('registered');
		}
		expect(violations(s).map((v) => [v.memberName, v.rule, v.detail.move, v.detail.claimed, v.kept])).toEqual(
			[
				['赵强', 'move_not_allowed', 'close', undefined, false],
				['赵强', 'forged_author', undefined, '周尹尹', false]
			]
		);
		expect(violations(s)[0]?.detail.label).toBe(major.number);
	});

	it('keeps a department’s offline work on a hazard the office re-routed or closed meanwhile, and records the conflict', async () => {
		const s = await school();
		const { major, minor, officeLedger, wangLedger } = await withLedger(s);
		// 李明's phone goes offline with the ledger as it stands: the minor hazard is his department's.
		const phone = new Y.Doc();
		Y.applyUpdate(phone, Y.encodeStateAsUpdate(officeLedger.doc));
		moveHazard(phone, minor.id, 'start', s.li.context, OWNERS, { now: NOW - 500_000 });
		setHazardText(phone, major.id, 'measures', '加装监控', s.li.context, OWNERS);
		// Meanwhile the office routes the minor hazard to 教务处 and closes the major one.
		updateHazard(officeLedger.doc, minor.id, { ownerDept: 'academic-affairs' }, s.office.context, OWNERS);
		moveHazard(officeLedger.doc, major.id, 'close', s.office.context, OWNERS, { now: NOW - 400_000 });
		await stored(officeLedger);
		// Back in range: nothing is refused, every member gets the phone's work.
		const back = await open(s.url, `${WS}/ledger`, s.li, phone);
		const closes = closeEvents(back);
		await stored(back);
		await converged(back, officeLedger, wangLedger);
		expect(closes).toEqual([]);
		for (const doc of [wangLedger.doc, storedDoc(s.dataDir, `${WS}/ledger`)]) {
			expect(getHazard(doc, minor.id)).toMatchObject({ state: 'rectifying', ownerDept: 'academic-affairs' });
			expect(getHazard(doc, major.id)).toMatchObject({ state: 'closed', measures: '加装监控' });
		}
		// The office sees both conflicts, marked kept, with who and what.
		expect(violations(s).map((v) => [v.memberName, v.rule, v.detail.move ?? v.detail.field, v.kept])).toEqual(
			[
				['李明', 'closed_changed', 'measures', true],
				['李明', 'not_responsible', 'start', true]
			]
		);
		expect(violations(s).map((v) => v.detail.label)).toEqual([major.number, minor.number]);
	});

	it('keeps, and records, a department head rectifying a hazard the duty board never gave his department', async () => {
		const s = await school();
		const { minor, officeLedger, watch } = await withLedger(s);
		// His device believes he heads 安保处; the duty board says 教务处. No device can tell this
		// from a re-route it had not yet seen, so it is kept, and the office sees it by name.
		const zhao = await open(s.url, `${WS}/ledger`, s.zhao);
		const closes = closeEvents(zhao);
		moveHazard(zhao.doc, minor.id, 'start', { ...s.zhao.context, deptIds: ['security'] }, OWNERS, {
			now: NOW
		});
		await stored(zhao);
		await converged(zhao, officeLedger, watch.watcher);
		expect(closes).toEqual([]);
		expect(getHazard(watch.watcher.doc, minor.id)?.state).toBe('rectifying');
		expect(violations(s)).toMatchObject([
			{
				memberName: '赵强',
				rule: 'not_responsible',
				kept: true,
				detail: { move: 'start', label: minor.number }
			}
		]);
	});

	it('refuses an inspector downgrading 重大 → 一般, erasing a transition log, deleting every hazard', async () => {
		const s = await school();
		const { major, minor, watch, liLedger } = await withLedger(s);
		const attacks: [string, (doc: Y.Doc) => void][] = [
			['field_not_allowed', (doc) => rec(doc, major.id).set('level', '一般')],
			[
				'history_deleted',
				(doc) => {
					const log = rec(doc, major.id).get('log') as Y.Array<unknown>;
					log.delete(0, log.length);
				}
			],
			['history_deleted', (doc) => rec(doc, major.id).set('log', new Y.Array())],
			[
				'record_deleted',
				(doc) => [...doc.getMap('hazards').keys()].forEach((id) => doc.getMap('hazards').delete(id))
			]
		];
		for (const [rule, change] of attacks) {
			const close = await attempt(s, `${WS}/ledger`, s.huang, change, watch);
			expect(close).toEqual({ code: CloseCode.notPermitted, reason: `document rule: ${rule}` });
		}
		for (const doc of [liLedger.doc, storedDoc(s.dataDir, `${WS}/ledger`)]) {
			expect(
				listHazards(doc)
					.map((h) => h.id)
					.sort()
			).toEqual([major.id, minor.id].sort());
			const hazard = getHazard(doc, major.id)!;
			expect(hazard.level).toBe('重大');
			expect(hazard.timeline).toHaveLength(3);
		}
		// The two erasures of the log are one attempt, repeated (see the next test).
		expect(violations(s).map((v) => [v.memberName, v.rule, v.detail.field, v.attempts])).toEqual([
			['黄春', 'record_deleted', undefined, 1],
			['黄春', 'history_deleted', undefined, 2],
			['黄春', 'field_not_allowed', 'level', 1]
		]);
	});

	it('counts a refused change re-sent on reconnect as a repeat, and lets the office read the list', async () => {
		const s = await school();
		const { major, watch } = await withLedger(s);
		const doc = new Y.Doc();
		const downgrade = (target: Y.Doc) => rec(target, major.id).set('level', '一般');
		// The same device comes back twice with the same refused change still on it.
		for (let i = 0; i < 2; i++) {
			const client = connectAs(s.url, `${WS}/ledger`, s.huang, { doc });
			const closes = closeEvents(client);
			if (i === 0) {
				await synced(client);
				downgrade(doc);
			}
			await waitFor(() => closes.length > 0, 'refused');
			client.provider.destroy();
		}
		watch.legit();
		await stored(watch.by);
		expect(violations(s)).toMatchObject([{ memberName: '黄春', rule: 'field_not_allowed', attempts: 2 }]);
		const office = await api(s.url, '/api/violations', { token: s.office.token });
		expect(office.status).toBe(200);
		expect(office.body.violations).toMatchObject([
			{ document: 'ledger', memberId: s.huang.id, memberName: '黄春', rule: 'field_not_allowed', attempts: 2 }
		]);
		const inspector = await api(s.url, '/api/violations', { token: s.huang.token });
		expect(inspector).toMatchObject({ status: 403, body: { error: 'forbidden' } });
	});
});

describe('the onChange extension point', () => {
	it('runs a server’s own check beside the rules inside documents, on what each update changed', async () => {
		const header = (doc: Y.Doc) => doc.getMap<unknown>('round');
		// A school's own rule, outside the core: no round is titled as a test.
		const s = await school({
			onChange: (_room, transaction) =>
				[...transaction.changed.keys()].includes(header(transaction.doc) as never) &&
				String(header(transaction.doc).get('title')).includes('测试')
					? { code: CloseCode.notPermitted, reason: 'school rule: title' }
					: null
		});
		const { items, watch, wangRound } = await withRound(s);
		const renamed = await attempt(
			s,
			s.roundRoom,
			s.office,
			(doc) => header(doc).set('title', '测试巡检'),
			watch
		);
		expect(renamed).toEqual({ code: CloseCode.notPermitted, reason: 'school rule: title' });
		// The built-in rules still judge first.
		const forged = await attempt(
			s,
			s.roundRoom,
			s.huang,
			(doc) => answerItem(doc, items[2]!, 'pass', s.wang.context, NOW),
			watch
		);
		expect(forged?.reason).toBe('document rule: forged_author');
		for (const doc of [wangRound.doc, storedDoc(s.dataDir, s.roundRoom)])
			expect(readRound(doc)?.title).toBe('11月检查');
		// An honest rename passes both.
		header(s.officeRound.doc).set('title', '十一月安全检查');
		await stored(s.officeRound);
		await converged(s.officeRound, wangRound);
		expect(readRound(wangRound.doc)?.title).toBe('十一月安全检查');
	});
});
