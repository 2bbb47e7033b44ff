import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { answerItem, readRound, type RoundView } from '../../src/lib/model/inspection.ts';
import { getRoundSummary, initWorkspace, listRounds } from '../../src/lib/model/meta.ts';
import { createRound, ensureRound, reindexRound, renameRound } from '../../src/lib/model/rounds.ts';
import { alice, bob, expectModelError, syncAll } from './helpers.ts';

const T0 = Date.UTC(2026, 10, 2);

function metaDoc(): Y.Doc {
	const doc = new Y.Doc();
	initWorkspace(doc, { name: '集善中学', actor: alice, now: T0 });
	return doc;
}

function view(doc: Y.Doc): RoundView {
	const round = readRound(doc);
	if (round === null) throw new Error('not initialised');
	return round;
}

const input = { title: '2026年11月 月度安全检查', month: '2026-11', actor: alice, now: T0 };

describe('createRound', () => {
	it('initialises the round document and indexes it', () => {
		const meta = metaDoc();
		const roundDoc = new Y.Doc();
		const summary = createRound(meta, roundDoc, { ...input, id: 'round-11' });
		expect(summary).toEqual({
			id: 'round-11',
			title: input.title,
			month: '2026-11',
			createdAt: T0,
			createdBy: alice,
			templateId: 'monthly-safety',
			templateVersion: 1
		});
		expect(listRounds(meta)).toEqual([summary]);
		expect(view(roundDoc).progress.total).toBe(18);
	});

	it('generates a valid id and refuses unknown templates or a used document', () => {
		const meta = metaDoc();
		const roundDoc = new Y.Doc();
		const { id } = createRound(meta, roundDoc, input);
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expectModelError(() => createRound(meta, roundDoc, input), 'already_initialised', { record: 'round' });
		expectModelError(
			() => createRound(meta, new Y.Doc(), { ...input, templateId: 'nope' }),
			'unknown_record',
			{
				record: 'template'
			}
		);
		expectModelError(() => createRound(meta, new Y.Doc(), { ...input, month: '11/2026' }), 'invalid_month');
	});
});

describe('a round opened from the index before its document arrived', () => {
	it('initialises identically and merges with the creator’s copy without duplicates', () => {
		const creatorMeta = metaDoc();
		const creatorRound = new Y.Doc();
		const { id } = createRound(creatorMeta, creatorRound, { ...input, id: 'round-x' });
		const item = view(creatorRound).areas[2]!.items[0]!.id;
		answerItem(creatorRound, item, 'pass', alice, T0 + 1);

		// Another device has the index (meta synced) but not the round document.
		const otherMeta = new Y.Doc();
		syncAll(creatorMeta, otherMeta);
		const otherRound = new Y.Doc();
		expect(ensureRound(otherMeta, otherRound, id)).toBe(true);
		expect(ensureRound(otherMeta, otherRound, id)).toBe(true);
		answerItem(otherRound, item, 'fail', bob, T0 + 2);

		syncAll(creatorRound, otherRound);
		expect(view(creatorRound)).toEqual(view(otherRound));
		// Both answers were given without seeing each other and disagree: kept, shown as a conflict.
		expect(view(creatorRound).progress).toMatchObject({ total: 18, answered: 0, conflicts: 1 });
		expect(view(creatorRound).areas[2]!.items[0]!.history).toHaveLength(2);
	});

	it('waits when the round is not indexed or the template version differs', () => {
		const meta = metaDoc();
		expect(ensureRound(meta, new Y.Doc(), 'unknown')).toBe(false);
		const { id } = createRound(meta, new Y.Doc(), input);
		meta.transact(() => {
			const entry = meta.getMap<Y.Map<unknown>>('rounds').get(id)!;
			entry.set('templateVersion', 99);
		});
		const roundDoc = new Y.Doc();
		expect(ensureRound(meta, roundDoc, id)).toBe(false);
		expect(readRound(roundDoc)).toBeNull();
	});
});

describe('reindexRound and renameRound', () => {
	it('rebuilds a lost index entry from the round document', () => {
		const roundDoc = new Y.Doc();
		const summary = createRound(metaDoc(), roundDoc, { ...input, id: 'round-r' });
		const freshMeta = metaDoc();
		expect(reindexRound(freshMeta, roundDoc, bob)).toEqual(summary);
		expect(getRoundSummary(freshMeta, 'round-r')).toEqual(summary);
		expect(reindexRound(freshMeta, new Y.Doc(), bob)).toBeNull();
	});

	it('renames in both documents', () => {
		const meta = metaDoc();
		const roundDoc = new Y.Doc();
		const { id } = createRound(meta, roundDoc, input);
		renameRound(meta, roundDoc, '11月 补充检查', bob);
		expect(view(roundDoc).title).toBe('11月 补充检查');
		expect(getRoundSummary(meta, id)?.title).toBe('11月 补充检查');
		expectModelError(() => renameRound(meta, roundDoc, '', bob), 'required', { field: 'roundTitle' });
	});
});
