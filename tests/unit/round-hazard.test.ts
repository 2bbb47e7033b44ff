import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addItemPhoto,
	answerItem,
	initRound,
	readRound,
	setItemNote
} from '../../src/lib/model/inspection.ts';
import { getHazard, listHazards, registerHazard } from '../../src/lib/model/ledger.ts';
import { readPhotoInfo } from '../../src/lib/model/photos.ts';
import {
	checkLedgerLink,
	checkLedgerSource,
	checkRoundLink,
	hazardDraftFromItem,
	ledgerLinkKey,
	linkHazardToItem,
	linkKey,
	readItemHazardLinks,
	registerHazardFromItem,
	HAZARD_LINKS
} from '../../src/lib/model/round-hazard.ts';
import { signOffRound, signRound, submitRound } from '../../src/lib/model/round-lifecycle.ts';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { expectModelError, photoHash, syncAll } from './helpers.ts';
import { T0, inspector, leader, office, viewer } from './ledger-helpers.ts';
import type { MemberContext } from '../../src/lib/model/hazard-rules.ts';

const ROUND = 'round-11';
const other: MemberContext = { id: 'm-insp2', name: '王晓华', role: 'inspector', deptIds: [] };

function roundDoc(): Y.Doc {
	const doc = new Y.Doc();
	initRound(doc, {
		id: ROUND,
		title: '2026年11月 月度安全检查',
		month: '2026-11',
		template: SEED_TEMPLATE,
		actor: office,
		now: T0
	});
	return doc;
}

/** The round's item 3.2 (灭火器材是否完好、好用), in 消防安全. */
function extinguishers(doc: Y.Doc): string {
	const item = readRound(doc)!.areas[2]!.items[1]!;
	expect(item.text).toBe('灭火器材是否完好、好用');
	return item.id;
}

/** A round whose item 3.2 the inspector failed, with a note and two photos (one by a colleague). */
function failedItem() {
	const round = roundDoc();
	const ledger = new Y.Doc();
	const itemId = extinguishers(round);
	answerItem(round, itemId, 'fail', inspector, T0 + 1000);
	setItemNote(round, itemId, '三楼东侧灭火器压力不足', inspector);
	addItemPhoto(round, itemId, photoHash(1), inspector, 'phone', T0 + 1100);
	addItemPhoto(round, itemId, photoHash(2), other, 'tablet', T0 + 1200);
	return { round, ledger, itemId };
}

describe('登记隐患 from a failed item', () => {
	it('registers a hazard with everything the item knows, and links it from the item', () => {
		const { round, ledger, itemId } = failedItem();
		const hazard = registerHazardFromItem(ledger, round, itemId, inspector, 'A', { now: T0 + 5000 });
		expect(hazard).toMatchObject({
			place: '消防安全 · 3.2 灭火器材是否完好、好用',
			description: '三楼东侧灭火器压力不足',
			domain: 'internal-management',
			photos: [photoHash(1), photoHash(2)],
			foundBy: { id: inspector.id, name: inspector.name },
			// Found when the item was failed; registered now.
			foundAt: T0 + 1000,
			createdAt: T0 + 5000,
			state: 'registered',
			source: {
				roundId: ROUND,
				itemId,
				roundTitle: '2026年11月 月度安全检查',
				itemLabel: '3.2 灭火器材是否完好、好用'
			}
		});
		expect(hazard.number).toMatch(/^2026-11-A-001$/);
		// The photos keep their authors in the ledger, so only they may remove them there too.
		expect(readPhotoInfo(ledger, photoHash(1))).toMatchObject({ by: inspector.id, device: 'phone' });
		expect(readPhotoInfo(ledger, photoHash(2))).toMatchObject({ by: other.id, device: 'tablet' });
		expect(readItemHazardLinks(round).get(itemId)).toEqual([
			expect.objectContaining({
				hazardId: hazard.id,
				number: hazard.number,
				kind: 'registered',
				by: inspector.id
			})
		]);
		expect(checkDocument('inspection', round)).toEqual([]);
		expect(checkDocument('ledger', ledger)).toEqual([]);
	});

	it('takes the sheet’s edits; an item without a note is described by its question', () => {
		const round = roundDoc();
		const ledger = new Y.Doc();
		const itemId = extinguishers(round);
		answerItem(round, itemId, 'fail', office, T0 + 1);
		expect(hazardDraftFromItem(round, itemId, ['internal-management'])).toMatchObject({
			description: '灭火器材是否完好、好用',
			domain: 'internal-management',
			photos: []
		});
		// A domain the duty board does not have is left for the office to set.
		expect(hazardDraftFromItem(round, itemId, []).domain).toBe('');
		const hazard = registerHazardFromItem(ledger, round, itemId, office, 'B', {
			input: { place: '实验楼三楼', level: '重大', description: '灭火器过期' }
		});
		expect(hazard).toMatchObject({ place: '实验楼三楼', level: '重大', description: '灭火器过期' });
	});

	it('is refused for a passed item, a signed-off round, and roles that may not', () => {
		const { round, ledger, itemId } = failedItem();
		const passed = readRound(round)!.areas[0]!.items[0]!.id;
		answerItem(round, passed, 'pass', inspector, T0 + 2);
		expectModelError(() => registerHazardFromItem(ledger, round, passed, inspector, 'A'), 'item_not_failed');
		for (const who of [viewer, leader])
			expectModelError(() => registerHazardFromItem(ledger, round, itemId, who, 'A'), 'not_allowed');
		// Nothing written by the refusals.
		expect(listHazards(ledger)).toEqual([]);
		expect(readItemHazardLinks(round).size).toBe(0);
		submitRound(round, office, T0 + 10);
		signRound(round, inspector, { confirmedByName: true }, T0 + 11);
		signOffRound(round, office, T0 + 12);
		expectModelError(() => registerHazardFromItem(ledger, round, itemId, office, 'A'), 'round_signed_off');
	});

	it('counts an item whose answers disagree with a 不合格 among them as failed', () => {
		const { round, ledger, itemId } = failedItem();
		// The office, not having seen the failure, answers 合格 on another device: a conflict.
		const offline = new Y.Doc();
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(roundDoc()));
		answerItem(offline, itemId, 'pass', office, T0 + 900);
		syncAll(round, offline);
		expect(readRound(round)!.areas[2]!.items[1]!.conflict).toHaveLength(2);
		expect(registerHazardFromItem(ledger, round, itemId, inspector, 'A').state).toBe('registered');
	});

	it('two inspectors registering the same item offline keep both hazards, both linked and shown', () => {
		const { round, itemId } = failedItem();
		const ledgerA = new Y.Doc();
		const ledgerB = new Y.Doc();
		const roundB = new Y.Doc();
		syncAll(round, roundB);
		const a = registerHazardFromItem(ledgerA, round, itemId, inspector, 'A', { now: T0 + 10 });
		const b = registerHazardFromItem(ledgerB, roundB, itemId, other, 'B', { now: T0 + 11 });
		syncAll(round, roundB);
		syncAll(ledgerA, ledgerB);
		expect(a.number).not.toBe(b.number);
		// Both links on both devices, in the same order.
		const links = readItemHazardLinks(round)
			.get(itemId)
			?.map((link) => link.hazardId);
		expect([...(links ?? [])].sort()).toEqual([a.id, b.id].sort());
		expect(
			readItemHazardLinks(roundB)
				.get(itemId)
				?.map((link) => link.hazardId)
		).toEqual(links);
		expect(
			listHazards(ledgerA)
				.map((hazard) => hazard.id)
				.sort()
		).toEqual([a.id, b.id].sort());
	});
});

describe('关联已有隐患', () => {
	it('links an existing hazard on both sides, once, and keeps concurrent links to other items', () => {
		const { round, ledger, itemId } = failedItem();
		const existing = registerHazard(ledger, { place: '实验楼', description: '灭火器过期' }, office, 'A', T0);
		const linked = linkHazardToItem(ledger, round, itemId, existing.id, inspector, T0 + 20);
		expect(linked.links).toEqual([
			{
				roundId: ROUND,
				itemId,
				roundTitle: '2026年11月 月度安全检查',
				itemLabel: '3.2 灭火器材是否完好、好用',
				by: { id: inspector.id, name: inspector.name },
				at: T0 + 20
			}
		]);
		expect(readItemHazardLinks(round).get(itemId)).toEqual([
			expect.objectContaining({ hazardId: existing.id, kind: 'linked', number: existing.number })
		]);
		// Linking again writes nothing.
		const before = Y.encodeStateVector(round);
		linkHazardToItem(ledger, round, itemId, existing.id, inspector, T0 + 30);
		expect(Y.encodeStateVector(round)).toEqual(before);
		// Another device links the same hazard to another failed item at the same time.
		const ledger2 = new Y.Doc();
		const round2 = new Y.Doc();
		syncAll(ledger, ledger2);
		syncAll(round, round2);
		const wiring = readRound(round2)!.areas[2]!.items[6]!.id;
		answerItem(round2, wiring, 'fail', other, T0 + 40);
		linkHazardToItem(ledger2, round2, wiring, existing.id, other, T0 + 41);
		syncAll(ledger, ledger2);
		expect(getHazard(ledger, existing.id)?.links.map((link) => link.itemId)).toEqual([itemId, wiring]);
		expect(checkDocument('ledger', ledger)).toEqual([]);
	});

	it('refuses an unknown hazard and a passed item', () => {
		const { round, ledger, itemId } = failedItem();
		expectModelError(() => linkHazardToItem(ledger, round, itemId, 'nope', inspector), 'unknown_record', {
			record: 'hazard'
		});
		const existing = registerHazard(ledger, { place: '实验楼', description: '灭火器过期' }, office, 'A', T0);
		const passed = readRound(round)!.areas[0]!.items[0]!.id;
		expectModelError(
			() => linkHazardToItem(ledger, round, passed, existing.id, inspector),
			'item_not_failed'
		);
	});
});

describe('the server’s link rules', () => {
	it('take a link by its sender from an item that failed, even after it was answered again', () => {
		const { round, ledger, itemId } = failedItem();
		const hazard = registerHazardFromItem(ledger, round, itemId, inspector, 'A');
		const key = linkKey(itemId, hazard.id);
		const raw = round.getMap(HAZARD_LINKS).get(key);
		const sender = { id: inspector.id, role: inspector.role };
		expect(checkRoundLink(round, key, raw, sender)).toBeNull();
		answerItem(round, itemId, 'pass', office);
		expect(checkRoundLink(round, key, raw, sender)).toBeNull();
		expect(checkRoundLink(round, key, raw, { id: other.id, role: 'inspector' })).toBe('not_author');
		expect(checkRoundLink(round, key, raw, { id: inspector.id, role: 'viewer' })).toBe('not_allowed');
		expect(checkRoundLink(round, 'other/key', raw, sender)).toBe('malformed');
		const never = readRound(round)!.areas[0]!.items[0]!.id;
		const forged = { ...(raw as object), itemId: never };
		expect(checkRoundLink(round, linkKey(never, hazard.id), forged, sender)).toBe('item_not_failed');
	});

	it('take a ledger link or source only from their sender', () => {
		const { round, ledger, itemId } = failedItem();
		const existing = registerHazard(ledger, { place: '实验楼', description: '灭火器过期' }, office, 'A', T0);
		linkHazardToItem(ledger, round, itemId, existing.id, inspector);
		const key = ledgerLinkKey(ROUND, itemId);
		const rec = ledger.getMap('hazards').get(existing.id) as Y.Map<unknown>;
		expect(checkLedgerLink(key, rec.get(key), { id: inspector.id, role: 'inspector' })).toBeNull();
		expect(checkLedgerLink(key, rec.get(key), { id: office.id, role: 'office' })).toBe('not_author');
		expect(checkLedgerLink(key, rec.get(key), { id: inspector.id, role: 'leader' })).toBe('not_allowed');
		const init = { source: { roundId: ROUND, itemId }, foundBy: { id: inspector.id, name: '' } };
		expect(checkLedgerSource(init, { id: inspector.id, role: 'inspector' })).toBeNull();
		expect(checkLedgerSource(init, { id: office.id, role: 'office' })).toBe('not_author');
		expect(checkLedgerSource({ ...init, source: null }, { id: office.id, role: 'office' })).toBeNull();
	});
});
