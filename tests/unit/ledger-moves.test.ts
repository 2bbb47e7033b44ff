import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	HAZARD_MOVES,
	HAZARD_STATES,
	MOVE_NAMES,
	allowedMoves,
	getHazard,
	moveHazard,
	type HazardMove,
	type HazardState,
	type MemberContext
} from '../../src/lib/model/ledger.ts';
import { expectModelError, photoHash, syncAll } from './helpers.ts';
import {
	MEMBERS,
	OWNERS,
	T0,
	generalAffairs,
	inspector,
	office,
	registered,
	security
} from './ledger-helpers.ts';

/** A department head whose department owns nothing of the food-hygiene domain. */
const academic: MemberContext = { id: 'm-acad', name: '陈老师', role: 'dept', deptIds: ['academic-affairs'] };
const EVERYONE = { ...MEMBERS, academic };
type Who = keyof typeof EVERYONE;

/** Who may make each move on a food-hygiene hazard (owners: general affairs, security). */
const MAY: Record<HazardMove, readonly Who[]> = {
	start: ['generalAffairs', 'security'],
	submit: ['generalAffairs', 'security'],
	pass: ['inspector', 'office'],
	reject: ['inspector', 'office'],
	close: ['office'],
	passAndClose: ['office']
};

/** Comments the moves need (a rectification report, a rejection's reason). */
const WITH = { comment: '已处理', photos: [photoHash(2)] };

/** The legal path to each state, by members who may make its moves. */
const PATH: Record<HazardState, [HazardMove, MemberContext][]> = {
	registered: [],
	rectifying: [['start', generalAffairs]],
	awaiting_reinspection: [
		['start', generalAffairs],
		['submit', security]
	],
	verified: [
		['start', generalAffairs],
		['submit', security],
		['pass', inspector]
	],
	closed: [
		['start', generalAffairs],
		['submit', security],
		['pass', inspector],
		['close', office]
	]
};

function inState(state: HazardState): { doc: Y.Doc; id: string } {
	const hazard = registered();
	PATH[state].forEach(([move, member], i) => {
		moveHazard(hazard.doc, hazard.id, move, member, OWNERS, { ...WITH, now: T0 + 1000 * (i + 1) });
	});
	expect(getHazard(hazard.doc, hazard.id)?.state).toBe(state);
	return hazard;
}

const cases = MOVE_NAMES.flatMap((move) =>
	(Object.keys(EVERYONE) as Who[]).map((who) => ({ move, who, allowed: MAY[move].includes(who) }))
);

describe('moves by role', () => {
	it.each(cases)('$move by $who: allowed $allowed', ({ move, who, allowed }) => {
		const { from, to } = HAZARD_MOVES[move];
		const { doc, id } = inState(from);
		const member = EVERYONE[who];
		const view = getHazard(doc, id)!;
		expect(allowedMoves(view, member, OWNERS).includes(move)).toBe(allowed);
		const make = () => moveHazard(doc, id, move, member, OWNERS, { ...WITH, now: T0 + 60_000 });
		if (!allowed) {
			expectModelError(make, 'not_allowed', { record: 'hazard' });
			expect(getHazard(doc, id)?.state).toBe(from);
			return;
		}
		const entry = make();
		const after = getHazard(doc, id)!;
		expect(after.state).toBe(to);
		expect(after.timeline.at(-1)).toMatchObject({
			id: entry.id,
			move,
			mark: 'applied',
			by: member.id,
			byName: member.name,
			comment: '已处理',
			photos: [photoHash(2)]
		});
	});

	it.each(
		HAZARD_STATES.flatMap((state) => MOVE_NAMES.map((move) => ({ state, move }))).filter(
			({ state, move }) => HAZARD_MOVES[move].from !== state
		)
	)('$move from $state is refused as illegal, whoever asks', ({ state, move }) => {
		const { doc, id } = inState(state);
		const member = EVERYONE[MAY[move][0]!];
		expectModelError(() => moveHazard(doc, id, move, member, OWNERS, WITH), 'illegal_transition', {
			from: state
		});
		expect(allowedMoves(getHazard(doc, id)!, member, OWNERS)).not.toContain(move);
	});

	it('offers nothing on a closed entry, and only the office closes', () => {
		const done = inState('closed');
		const closed = getHazard(done.doc, done.id)!;
		for (const member of Object.values(EVERYONE)) expect(allowedMoves(closed, member, OWNERS)).toEqual([]);
		const verified = inState('verified');
		expect(allowedMoves(getHazard(verified.doc, verified.id)!, office, OWNERS)).toEqual(['close']);
	});

	it('follows the named owner department over the domain, and a member’s own departments', () => {
		const { doc, id } = registered(new Y.Doc(), { ownerDept: 'security' });
		const view = getHazard(doc, id)!;
		expect(allowedMoves(view, generalAffairs, OWNERS)).toEqual([]);
		expect(allowedMoves(view, security, OWNERS)).toEqual(['start']);
		// The office's own members rectify what their department owns; an inspector never does.
		expect(allowedMoves(view, { ...office, deptIds: ['security'] }, OWNERS)).toEqual(['start']);
		expect(allowedMoves(view, { ...inspector, deptIds: ['security'] }, OWNERS)).toEqual([]);
		// No owner department and no domain: nobody rectifies until the office routes it.
		const unrouted = registered(doc, { domain: '' });
		expect(allowedMoves(getHazard(doc, unrouted.id)!, generalAffairs, OWNERS)).toEqual([]);
	});

	it('needs a rectification report and a rejection’s reason; only a rejection sets a deadline', () => {
		const rectifying = inState('rectifying');
		expectModelError(
			() => moveHazard(rectifying.doc, rectifying.id, 'submit', generalAffairs, OWNERS, { comment: ' ' }),
			'required',
			{ field: 'rectification' }
		);
		expectModelError(
			() =>
				moveHazard(rectifying.doc, rectifying.id, 'submit', generalAffairs, OWNERS, {
					...WITH,
					deadline: '2026-12-01'
				}),
			'not_allowed',
			{ field: 'deadline' }
		);
		const { doc, id } = inState('awaiting_reinspection');
		expectModelError(() => moveHazard(doc, id, 'reject', inspector, OWNERS), 'required', { field: 'reason' });
		expectModelError(
			() => moveHazard(doc, id, 'reject', inspector, OWNERS, { comment: '未清理', deadline: '2026-13-01' }),
			'invalid_date',
			{ field: 'deadline' }
		);
		moveHazard(doc, id, 'reject', inspector, OWNERS, {
			comment: '仍有杂物',
			deadline: '2026-12-01',
			now: T0 + 9000
		});
		expect(getHazard(doc, id)).toMatchObject({
			state: 'rectifying',
			deadline: '2026-12-01',
			reinspection: { result: 'fail', comment: '仍有杂物', by: { id: inspector.id } },
			notFixed: { comment: '仍有杂物', newDeadline: '2026-12-01', at: T0 + 9000 }
		});
	});

	it('keeps who, when, comment and photos of every step for the ledger’s columns', () => {
		const { doc, id } = inState('closed');
		const view = getHazard(doc, id)!;
		expect(view.rectification).toEqual({
			by: { id: security.id, name: security.name },
			at: T0 + 2000,
			comment: '已处理',
			photos: [photoHash(2)]
		});
		expect(view.reinspection).toMatchObject({ by: { id: inspector.id }, at: T0 + 3000, result: 'pass' });
		expect(view.closed).toMatchObject({ by: { id: office.id }, at: T0 + 4000 });
	});

	it('orders a move after what the device saw, even with a slow clock', () => {
		const { doc, id } = registered();
		moveHazard(doc, id, 'start', generalAffairs, OWNERS, { now: T0 + 60_000 });
		const next = moveHazard(doc, id, 'submit', security, OWNERS, { ...WITH, now: T0 });
		expect(next.at).toBe(T0 + 60_001);
		expect(getHazard(doc, id)?.state).toBe('awaiting_reinspection');
	});
});

describe('moves made offline on two devices', () => {
	it('close and reject at once: the earlier holds, the later stays in the timeline, superseded', () => {
		const a = inState('awaiting_reinspection');
		const b = new Y.Doc();
		syncAll(a.doc, b);
		moveHazard(a.doc, a.id, 'passAndClose', office, OWNERS, { now: T0 + 10_000, id: 'close' });
		moveHazard(b, a.id, 'reject', inspector, OWNERS, { now: T0 + 20_000, comment: '仍有杂物', id: 'reject' });
		syncAll(a.doc, b);
		const onA = getHazard(a.doc, a.id)!;
		expect(onA).toEqual(getHazard(b, a.id));
		expect(onA.state).toBe('closed');
		expect(onA.timeline.slice(-2).map((e) => [e.id, e.mark])).toEqual([
			['close', 'applied'],
			['reject', 'superseded']
		]);
		// The losing rejection is not the ledger's re-inspection result.
		expect(onA.reinspection?.result).toBe('pass');
		expect(onA.notFixed).toBeNull();
	});

	it('two departments starting at once: one start applies, both are kept', () => {
		const a = registered();
		const b = new Y.Doc();
		syncAll(a.doc, b);
		moveHazard(a.doc, a.id, 'start', generalAffairs, OWNERS, { now: T0 + 5, id: 's-ga' });
		moveHazard(b, a.id, 'start', security, OWNERS, { now: T0 + 5, id: 's-sec' });
		syncAll(a.doc, b);
		const view = getHazard(b, a.id)!;
		expect(view.state).toBe('rectifying');
		expect(view.timeline.map((e) => [e.id, e.mark])).toEqual([
			['s-ga', 'applied'],
			['s-sec', 'superseded']
		]);
	});
});
