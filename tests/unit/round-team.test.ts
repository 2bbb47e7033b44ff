import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initRound, readRound, type RoundView } from '../../src/lib/model/inspection.ts';
import {
	areaOfItem,
	areasOf,
	removeTeamMember,
	roundTeam,
	setRoundTeam,
	setTeamMember,
	sortAreasFor
} from '../../src/lib/model/round-team.ts';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { alice, bob, carol, expectModelError, recordOrigins, syncAll } from './helpers.ts';

function roundDoc(): Y.Doc {
	const doc = new Y.Doc();
	initRound(doc, {
		id: 'round-1',
		title: '检查',
		month: '2026-11',
		template: SEED_TEMPLATE,
		actor: alice,
		now: 1
	});
	return doc;
}

function view(doc: Y.Doc): RoundView {
	const value = readRound(doc);
	if (value === null) throw new Error('no round');
	return value;
}

describe('the team', () => {
	it('is empty at first; members and their areas are set and read back, by name', () => {
		const doc = roundDoc();
		expect(roundTeam(doc)).toEqual([]);
		const [building, , fire] = view(doc).areas;
		const origins = recordOrigins(doc);
		setTeamMember(doc, { id: bob.id, name: bob.name, areas: [fire!.id, fire!.id] }, alice);
		setTeamMember(doc, { id: carol.id, name: carol.name }, alice);
		setTeamMember(doc, { id: alice.id, name: alice.name, areas: [building!.id] }, alice);
		expect(roundTeam(doc)).toEqual(
			[
				{ id: bob.id, name: bob.name, areas: [fire!.id] },
				{ id: carol.id, name: carol.name, areas: [] },
				{ id: alice.id, name: alice.name, areas: [building!.id] }
			].sort((a, b) => (a.name < b.name ? -1 : 1))
		);
		expect(areasOf(roundTeam(doc), bob.id)).toEqual([fire!.id]);
		expect(areasOf(roundTeam(doc), 'someone-else')).toEqual([]);
		expect(origins).toHaveLength(3);
		expect(origins[0]).toEqual({ source: 'local', actor: alice });
		removeTeamMember(doc, carol.id, alice);
		expect(
			roundTeam(doc)
				.map((m) => m.id)
				.sort()
		).toEqual([alice.id, bob.id].sort());
		expect(checkDocument('inspection', doc)).toEqual([]);
	});

	it('refuses unknown areas, bad members and an uninitialised round', () => {
		const doc = roundDoc();
		expectModelError(
			() => setTeamMember(doc, { id: bob.id, name: bob.name, areas: ['nope'] }, alice),
			'unknown_record',
			{
				record: 'checklistArea'
			}
		);
		expectModelError(() => setTeamMember(doc, { id: 'a b', name: bob.name }, alice), 'invalid_id', {
			field: 'memberId'
		});
		expectModelError(() => setTeamMember(doc, { id: bob.id, name: ' ' }, alice), 'required', {
			field: 'memberName'
		});
		expectModelError(
			() => setTeamMember(new Y.Doc(), { id: bob.id, name: bob.name }, alice),
			'not_initialised',
			{
				record: 'round'
			}
		);
		expectModelError(
			() =>
				setRoundTeam(
					doc,
					[
						{ id: bob.id, name: bob.name },
						{ id: bob.id, name: bob.name }
					],
					alice
				),
			'already_exists',
			{ field: 'memberId' }
		);
	});

	it('setRoundTeam replaces the team and leaves unchanged members unwritten', () => {
		const doc = roundDoc();
		const fire = view(doc).areas[2]!.id;
		setRoundTeam(
			doc,
			[
				{ id: bob.id, name: bob.name, areas: [fire] },
				{ id: carol.id, name: carol.name }
			],
			alice
		);
		const origins = recordOrigins(doc);
		setRoundTeam(
			doc,
			[
				{ id: bob.id, name: bob.name, areas: [fire] },
				{ id: carol.id, name: carol.name }
			],
			alice
		);
		expect(origins).toHaveLength(0);
		// Another device changes bob's areas while this one drops carol: both stand.
		const other = new Y.Doc();
		syncAll(doc, other);
		setTeamMember(other, { id: bob.id, name: bob.name, areas: [] }, alice);
		setRoundTeam(doc, [{ id: bob.id, name: bob.name, areas: [fire] }], alice);
		syncAll(doc, other);
		expect(roundTeam(doc)).toEqual([{ id: bob.id, name: bob.name, areas: [] }]);
		expect(roundTeam(other)).toEqual(roundTeam(doc));
	});

	it('two devices adding members to a round without a team keep both', () => {
		const a = roundDoc();
		const b = new Y.Doc();
		syncAll(a, b);
		setTeamMember(a, { id: bob.id, name: bob.name }, alice);
		setTeamMember(b, { id: carol.id, name: carol.name }, alice);
		syncAll(a, b);
		expect(
			roundTeam(a)
				.map((m) => m.id)
				.sort()
		).toEqual([bob.id, carol.id].sort());
	});
});

describe('areas for an inspector', () => {
	it('sorts the assigned areas first, each group in the round’s order', () => {
		const areas = view(roundDoc()).areas;
		const mine = [areas[3]!.id, areas[1]!.id];
		expect(sortAreasFor(areas, mine).map((a) => a.title)).toEqual([
			'食品卫生',
			'学生路途安全',
			'校舍及设施设备',
			'消防安全'
		]);
		expect(sortAreasFor(areas, [])).toEqual(areas);
	});

	it('tells the area of an item, for presence', () => {
		const round = view(roundDoc());
		const item = round.areas[2]!.items[1]!;
		expect(areaOfItem(round, item.id)?.title).toBe('消防安全');
		expect(areaOfItem(round, 'nope')).toBeNull();
	});
});
