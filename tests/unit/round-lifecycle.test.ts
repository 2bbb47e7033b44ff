import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deriveRoundStats, parseStats } from '../../src/lib/model/derived.ts';
import {
	addItemPhoto,
	answerItem,
	initRound,
	readRound,
	removeItemPhoto,
	setItemNote,
	setRoundTitle
} from '../../src/lib/model/inspection.ts';
import {
	LIFECYCLE,
	allowedLifecycleMoves,
	foldLifecycle,
	reopenRound,
	roundLifecycle,
	signOffRound,
	signRound,
	submitRound,
	type LifecycleEntry,
	type LifecycleKind,
	type LifecycleMember
} from '../../src/lib/model/round-lifecycle.ts';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import {
	SIGNATURE_MAX_BYTES,
	compactStrokes,
	requireSignature,
	signatureBytes,
	strokePaths,
	type Signature
} from '../../src/lib/model/signature.ts';
import { setRoundTeam } from '../../src/lib/model/round-team.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { expectModelError, photoHash, prng, syncAll } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 3, 1, 0, 0);
const office: LifecycleMember = { id: 'm-office', name: '周主任', role: 'office' };
const office2: LifecycleMember = { id: 'm-office2', name: '李副主任', role: 'office' };
const bob: LifecycleMember = { id: 'm-bob', name: '王晓华', role: 'inspector' };
const carol: LifecycleMember = { id: 'm-carol', name: '黄春', role: 'inspector' };
const dept: LifecycleMember = { id: 'm-dept', name: '总务处', role: 'dept' };
const leader: LifecycleMember = { id: 'm-leader', name: '校长', role: 'leader' };
const viewer: LifecycleMember = { id: 'm-viewer', name: '教育局', role: 'viewer' };
const BY_NAME: Signature = { confirmedByName: true };
const DRAWN: Signature = { width: 300, height: 150, strokes: [[10, 10, 50, 60, 90, 20]] };

function newRound(): Y.Doc {
	const doc = new Y.Doc();
	initRound(doc, {
		id: 'round-1',
		title: '11月检查',
		month: '2026-11',
		template: SEED_TEMPLATE,
		actor: office,
		now: T0
	});
	return doc;
}

function itemIds(doc: Y.Doc): string[] {
	return readRound(doc)!.areas.flatMap((area) => area.items.map((item) => item.id));
}

/** A round bob answered, brought to `state`. */
function roundIn(state: 'open' | 'submitted' | 'signed' | 'signed_off'): Y.Doc {
	const doc = newRound();
	answerItem(doc, itemIds(doc)[0]!, 'pass', bob, T0 + 1);
	if (state === 'open') return doc;
	submitRound(doc, bob, T0 + 2);
	if (state === 'submitted') return doc;
	signRound(doc, bob, DRAWN, T0 + 3);
	if (state === 'signed') return doc;
	signOffRound(doc, office, T0 + 4);
	return doc;
}

function entry(
	kind: LifecycleKind,
	by: string,
	at: number,
	extra: Partial<LifecycleEntry> = {}
): LifecycleEntry {
	return { id: `${kind}-${by}-${at}`, kind, by, byName: by, at, ...extra };
}

describe('the lifecycle fold', () => {
	const sig = { signature: BY_NAME };

	it('goes open → submitted → signed off, and back to open on a re-open with a reason', () => {
		const log = [
			entry('submit', 'bob', 1),
			entry('sign', 'bob', 2, sig),
			entry('signoff', 'office', 3),
			entry('reopen', 'office', 4, { reason: '照片缺失' })
		];
		expect(foldLifecycle(log.slice(0, 1), () => ['bob']).state).toBe('submitted');
		expect(foldLifecycle(log.slice(0, 3), () => ['bob']).state).toBe('signed_off');
		const fold = foldLifecycle(log, () => ['bob']);
		expect(fold.state).toBe('open');
		expect(fold.timeline.map((e) => e.mark)).toEqual(['applied', 'applied', 'applied', 'applied']);
		expect(fold.reopened?.reason).toBe('照片缺失');
		expect(fold.signatures).toEqual([]);
	});

	it('marks what does not apply, with why, and keeps every entry', () => {
		const fold = foldLifecycle(
			[
				entry('sign', 'bob', 1, sig),
				entry('submit', 'bob', 2),
				entry('signoff', 'office', 3),
				entry('sign', 'bob', 4, sig),
				entry('sign', 'bob', 5, sig),
				entry('sign', 'carol', 6),
				entry('reopen', 'office', 7, { reason: '  ' }),
				entry('submit', 'carol', 8)
			],
			() => ['bob']
		);
		expect(fold.timeline.map((e) => [e.kind, e.mark, e.why])).toEqual([
			['sign', 'superseded', 'wrong_state'],
			['submit', 'applied', undefined],
			['signoff', 'superseded', 'signatures_missing'],
			['sign', 'applied', undefined],
			['sign', 'superseded', 'already_signed'],
			['sign', 'illegal', 'incomplete'],
			['reopen', 'illegal', 'incomplete'],
			['submit', 'superseded', 'wrong_state']
		]);
		expect(fold.state).toBe('submitted');
	});

	it('needs every required signer, and at least one signature', () => {
		const log = [entry('submit', 'bob', 1), entry('sign', 'bob', 2, sig), entry('signoff', 'office', 3)];
		expect(foldLifecycle(log, () => ['bob', 'carol']).state).toBe('submitted');
		expect(foldLifecycle(log, () => []).state).toBe('signed_off');
		expect(foldLifecycle([entry('submit', 'bob', 1), entry('signoff', 'office', 3)], () => []).state).toBe(
			'submitted'
		);
	});

	it('counts only the signatures of the current submission', () => {
		const fold = foldLifecycle(
			[
				entry('submit', 'bob', 1),
				entry('sign', 'bob', 2, sig),
				entry('reopen', 'office', 3, { reason: '补充照片' }),
				entry('submit', 'bob', 4),
				entry('signoff', 'office', 5)
			],
			() => ['bob']
		);
		expect(fold.state).toBe('submitted');
		expect(fold.signatures).toEqual([]);
		expect(fold.timeline.at(-1)).toMatchObject({ mark: 'superseded', why: 'signatures_missing', cycle: 2 });
		expect(fold.timeline[1]).toMatchObject({ kind: 'sign', cycle: 1, mark: 'applied' });
	});

	it('is the same whatever order the entries arrived in', () => {
		const log = [
			entry('submit', 'bob', 1),
			entry('submit', 'carol', 1),
			entry('sign', 'bob', 2, sig),
			entry('signoff', 'office', 3),
			entry('reopen', 'office2', 3, { reason: '更正' }),
			entry('submit', 'carol', 5),
			entry('sign', 'bob', 6, sig)
		];
		const expected = foldLifecycle(log, () => ['bob']);
		const random = prng(7);
		for (let run = 0; run < 20; run++) {
			const shuffled = [...log].sort(() => random() - 0.5);
			expect(foldLifecycle(shuffled, () => ['bob'])).toEqual(expected);
		}
	});
});

describe('who may do what', () => {
	const roles = [office, bob, dept, leader, viewer];
	const moves = (doc: Y.Doc, member: LifecycleMember) => allowedLifecycleMoves(roundLifecycle(doc), member);

	it('offers each role only its legal moves in each state', () => {
		const table = (state: Parameters<typeof roundIn>[0]) =>
			Object.fromEntries(roles.map((member) => [member.role, moves(roundIn(state), member)]));
		expect(table('open')).toEqual({
			office: ['submit'],
			inspector: ['submit'],
			dept: ['submit'],
			leader: [],
			viewer: []
		});
		expect(table('submitted')).toEqual({
			office: ['sign', 'reopen'],
			inspector: ['sign'],
			dept: ['sign'],
			leader: [],
			viewer: []
		});
		// bob (who answered) has signed: the office may sign off; bob may not sign twice.
		expect(table('signed')).toEqual({
			office: ['sign', 'signoff', 'reopen'],
			inspector: [],
			dept: ['sign'],
			leader: [],
			viewer: []
		});
		expect(table('signed_off')).toEqual({
			office: ['reopen'],
			inspector: [],
			dept: [],
			leader: [],
			viewer: []
		});
	});

	it('refuses through the writers with codes the UI words', () => {
		expectModelError(() => submitRound(roundIn('open'), leader), 'not_allowed', { record: 'round' });
		expectModelError(() => submitRound(roundIn('open'), viewer), 'not_allowed');
		expectModelError(() => signOffRound(roundIn('signed'), bob), 'not_allowed');
		expectModelError(() => reopenRound(roundIn('signed_off'), bob, '想改'), 'not_allowed');
		expectModelError(() => signOffRound(roundIn('open'), office), 'illegal_transition', {
			from: 'open',
			to: 'signed_off'
		});
		expectModelError(() => signRound(roundIn('open'), bob, BY_NAME), 'illegal_transition');
		expectModelError(() => submitRound(roundIn('submitted'), bob), 'illegal_transition');
		expectModelError(() => reopenRound(roundIn('open'), office, '无'), 'illegal_transition');
		expectModelError(() => signRound(roundIn('signed'), bob, BY_NAME), 'already_signed');
		expectModelError(() => signOffRound(roundIn('submitted'), office), 'signatures_missing');
		expectModelError(() => reopenRound(roundIn('signed_off'), office, '  '), 'required', {
			field: 'reopenReason'
		});
		expectModelError(() => signRound(roundIn('submitted'), bob, { width: 1 } as never), 'invalid_signature', {
			field: 'signature'
		});
		expectModelError(() => submitRound(new Y.Doc(), office), 'not_initialised');
	});

	it('asks for the conflicts to be settled before a submission', () => {
		const doc = newRound();
		const other = new Y.Doc();
		syncAll(doc, other);
		const item = itemIds(doc)[0]!;
		answerItem(doc, item, 'fail', bob, T0 + 1);
		answerItem(other, item, 'pass', carol, T0 + 2);
		syncAll(doc, other);
		expectModelError(() => submitRound(doc, office), 'conflicts_unsettled');
		answerItem(doc, item, 'fail', office, T0 + 3);
		expect(submitRound(doc, office).kind).toBe('submit');
	});

	it('needs every member who answered to sign, and lets the office sign too', () => {
		const doc = roundIn('open');
		answerItem(doc, itemIds(doc)[1]!, 'fail', carol, T0 + 10);
		submitRound(doc, carol, T0 + 11);
		signRound(doc, bob, DRAWN, T0 + 12);
		const view = roundLifecycle(doc);
		expect(view.required.map((s) => s.name)).toEqual(['王晓华', '黄春']);
		expect(view.missing.map((s) => s.name)).toEqual(['黄春']);
		expect(allowedLifecycleMoves(view, office)).not.toContain('signoff');
		signRound(doc, office, BY_NAME, T0 + 13);
		signRound(doc, carol, BY_NAME, T0 + 14);
		signOffRound(doc, office, T0 + 15);
		const done = roundLifecycle(doc);
		expect(done.state).toBe('signed_off');
		expect(done.signatures.map((s) => s.byName)).toEqual(['王晓华', '周主任', '黄春']);
		expect(done.signedOff).toMatchObject({ by: office.id, byName: '周主任' });
	});

	it('follows the round’s team when it names one', () => {
		const doc = roundIn('open');
		setRoundTeam(
			doc,
			[
				{ id: carol.id, name: '黄春' },
				{ id: dept.id, name: '王晓华' }
			],
			office
		);
		expect(allowedLifecycleMoves(roundLifecycle(doc), bob)).toEqual([]);
		expect(allowedLifecycleMoves(roundLifecycle(doc), office)).toEqual(['submit']);
		submitRound(doc, carol, T0 + 5);
		const view = roundLifecycle(doc);
		expect(view.team).toEqual([
			{ id: dept.id, name: '王晓华' },
			{ id: carol.id, name: '黄春' }
		]);
		expect(view.required.map((s) => s.id)).toEqual([dept.id, carol.id]);
		expect(allowedLifecycleMoves(view, office)).toEqual(['reopen']);
		expectModelError(() => signRound(doc, bob, BY_NAME), 'not_allowed');
		signRound(doc, carol, BY_NAME, T0 + 6);
		signRound(doc, dept, BY_NAME, T0 + 7);
		signOffRound(doc, office, T0 + 8);
		expect(roundLifecycle(doc).state).toBe('signed_off');
	});
});

describe('two devices offline', () => {
	/** Two office devices that both hold a round bob submitted and signed, then go offline. */
	function pair() {
		const a = roundIn('signed');
		const b = new Y.Doc();
		syncAll(a, b);
		return { a, b };
	}

	it('sign-off and re-open at once: the fold decides the same on both, and the loser stays visible', () => {
		const { a, b } = pair();
		signOffRound(a, office, T0 + 100);
		reopenRound(b, office2, '第3项需要复查', T0 + 90);
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		const [viewA, viewB] = [roundLifecycle(a), roundLifecycle(b)];
		expect(viewA).toEqual(viewB);
		// The re-open came first (at 90): the round went back to open; the sign-off (100) found it open.
		expect(viewA.state).toBe('open');
		expect(viewA.timeline.slice(-2).map((e) => [e.kind, e.mark, e.why])).toEqual([
			['reopen', 'applied', undefined],
			['signoff', 'superseded', 'wrong_state']
		]);
	});

	it('re-open after a sign-off it never saw re-opens the signed-off round', () => {
		const { a, b } = pair();
		signOffRound(a, office, T0 + 100);
		reopenRound(b, office2, '补签', T0 + 200);
		syncAll(a, b);
		const view = roundLifecycle(a);
		expect(view).toEqual(roundLifecycle(b));
		expect(view.state).toBe('open');
		expect(view.timeline.map((e) => e.mark)).toEqual(['applied', 'applied', 'applied', 'applied']);
	});

	it('two submissions: one applies, the other is marked, the same everywhere', () => {
		const a = roundIn('open');
		const b = new Y.Doc();
		syncAll(a, b);
		submitRound(a, bob, T0 + 50, 'entry-a');
		submitRound(b, office, T0 + 50, 'entry-b');
		syncAll(a, b);
		const view = roundLifecycle(a);
		expect(view).toEqual(roundLifecycle(b));
		expect(view.submitted?.id).toBe('entry-a');
		expect(view.timeline.map((e) => [e.id, e.mark])).toEqual([
			['entry-a', 'applied'],
			['entry-b', 'superseded']
		]);
	});

	it('a signature given offline after a re-open elsewhere does not count for the next submission', () => {
		const { a, b } = pair();
		// Device a: the office re-opens and bob's round is submitted again.
		reopenRound(a, office, '补充照片', T0 + 10);
		submitRound(a, bob, T0 + 20);
		// Device b, offline since before the re-open: carol signs the old submission.
		signRound(b, carol, BY_NAME, T0 + 5);
		syncAll(a, b);
		const view = roundLifecycle(b);
		expect(view).toEqual(roundLifecycle(a));
		expect(view.state).toBe('submitted');
		expect(view.signatures).toEqual([]);
		expect(view.timeline.find((e) => e.by === carol.id)).toMatchObject({ mark: 'applied', cycle: 1 });
	});
});

describe('a round in the document', () => {
	it('keeps its log in a root array that the schema checks', () => {
		const doc = roundIn('signed_off');
		expect(doc.getArray(LIFECYCLE).length).toBe(3);
		expect(checkDocument('inspection', doc)).toEqual([]);
		doc.getArray(LIFECYCLE).push([{ id: 'x', kind: 'seal', by: 'a', at: 1 }]);
		expect(checkDocument('inspection', doc)).toEqual([{ path: LIFECYCLE, reason: 'wrong_type' }]);
	});

	it('puts its state into the derived summary, which old summaries lack', () => {
		expect(deriveRoundStats(roundIn('open'))?.lifecycle).toBe('open');
		expect(deriveRoundStats(roundIn('submitted'))?.lifecycle).toBe('submitted');
		const stats = deriveRoundStats(roundIn('signed_off'));
		expect(stats?.lifecycle).toBe('signed_off');
		expect(parseStats(stats)).toEqual(stats);
		const { lifecycle: _dropped, ...old } = stats!;
		expect(parseStats(old)?.lifecycle).toBeUndefined();
		expect(parseStats({ ...old, lifecycle: 'archived' })?.lifecycle).toBeUndefined();
	});
});

describe('a signed-off round', () => {
	it('refuses every writer of its content until the office re-opens it', () => {
		const doc = roundIn('signed_off');
		const item = itemIds(doc)[0]!;
		const hash = photoHash(1);
		expectModelError(() => answerItem(doc, item, 'fail', bob), 'round_signed_off', { record: 'round' });
		expectModelError(() => setItemNote(doc, item, '补充', bob), 'round_signed_off');
		expectModelError(() => addItemPhoto(doc, item, hash, bob, 'phone'), 'round_signed_off');
		expectModelError(() => removeItemPhoto(doc, item, hash, bob), 'round_signed_off');
		expectModelError(() => setRoundTitle(doc, '改名', office), 'round_signed_off');
		expect(readRound(doc)?.areas[0]?.items[0]?.answer?.value).toBe('pass');
		reopenRound(doc, office, '第1项需要复查', T0 + 10);
		answerItem(doc, item, 'fail', bob, T0 + 11);
		expect(setItemNote(doc, item, '补充', bob)).toBe('saved');
		expect(readRound(doc)?.areas[0]?.items[0]?.answer?.value).toBe('fail');
	});
});

describe('signatures', () => {
	it('keep drawn strokes as small integer lists, thinned until they fit', () => {
		const stroke = Array.from({ length: 400 }, (_, i) => ({ x: 10 + i * 0.7, y: 80 + Math.sin(i / 9) * 40 }));
		const small = compactStrokes([stroke], 320.4, 180)!;
		expect(small).toMatchObject({ width: 320, height: 180 });
		expect(small.strokes[0]!.every(Number.isInteger)).toBe(true);
		expect(small.strokes[0]!.slice(0, 2)).toEqual([10, 80]);
		expect(signatureBytes(small)).toBeLessThanOrEqual(SIGNATURE_MAX_BYTES);
		const tight = compactStrokes([stroke], 320, 180, 600)!;
		expect(signatureBytes(tight)).toBeLessThanOrEqual(600);
		expect(tight.strokes[0]!.length).toBeLessThan(small.strokes[0]!.length);
		expect(compactStrokes([stroke], 320, 180, 20)).toBeNull();
		expect(compactStrokes([], 320, 180)).toBeNull();
		expect(
			strokePaths({
				width: 9,
				height: 9,
				strokes: [
					[1, 2, 3, 4],
					[5, 6]
				]
			})
		).toEqual(['M1 2L3 4', 'M5 6h0.1']);
	});

	it('are checked before they are stored', () => {
		const huge = { width: 300, height: 150, strokes: [Array.from({ length: 6000 }, (_, i) => i % 300)] };
		expectModelError(() => requireSignature(huge), 'too_long', {
			field: 'signature',
			max: SIGNATURE_MAX_BYTES
		});
		for (const bad of [
			null,
			{},
			{ confirmedByName: 'yes' },
			{ width: 0, height: 1, strokes: [[1, 1]] },
			{ width: 9, height: 9, strokes: [[1]] },
			{ width: 9, height: 9, strokes: [[1.5, 2]] }
		])
			expectModelError(() => requireSignature(bad), 'invalid_signature');
		expect(requireSignature({ confirmedByName: true, extra: 1 })).toEqual({ confirmedByName: true });
	});
});
