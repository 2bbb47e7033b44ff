import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	SCHEMA_VERSION,
	addRoundToIndex,
	getTemplate,
	initWorkspace,
	listRounds,
	listTemplates,
	migrate,
	readWorkspace,
	setDrillFrequency,
	setWorkspaceName,
	type RoundSummary
} from '../../src/lib/model/meta.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { alice, bob, expectModelError, recordOrigins, syncAll } from './helpers.ts';

const T0 = Date.UTC(2026, 8, 1);
/** The seed template as listed: version 1, seeded with the workspace, so published by no one. */
const SEEDED = { ...SEED_TEMPLATE, publishedAt: null, publishedBy: null };

function workspace(name = '集善中学', actor = alice): Y.Doc {
	const doc = new Y.Doc();
	initWorkspace(doc, { name, actor, now: T0 });
	return doc;
}

const summary = (id: string, month: string, createdAt: number): RoundSummary => ({
	id,
	title: `${month} 月度安全检查`,
	month,
	createdAt,
	createdBy: alice
});

describe('workspace', () => {
	it('initialises settings, the seed template and the schema version', () => {
		const doc = workspace();
		expect(readWorkspace(doc)).toEqual({
			name: '集善中学',
			schemaVersion: SCHEMA_VERSION,
			drillFrequency: 'semester',
			createdAt: T0,
			createdBy: alice
		});
		expect(listTemplates(doc)).toEqual([SEEDED]);
		expect(getTemplate(doc, SEED_TEMPLATE.id)).toEqual(SEED_TEMPLATE);
		expect(getTemplate(doc, 'nope')).toBeNull();
	});

	it('is idempotent', () => {
		const doc = workspace();
		const state = Y.encodeStateAsUpdate(doc);
		initWorkspace(doc, { name: '别的名字', actor: bob });
		expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
		expect(readWorkspace(doc)?.name).toBe('集善中学');
	});

	it('two devices initialising at once end with one template', () => {
		const a = workspace('集善中学', alice);
		const b = workspace('集善中学', bob);
		syncAll(a, b);
		expect(listTemplates(a)).toEqual([SEEDED]);
		expect(listTemplates(b)).toEqual([SEEDED]);
		expect(readWorkspace(a)).toEqual(readWorkspace(b));
	});

	it('renames and sets the drill frequency, with local origins', () => {
		const doc = workspace();
		const origins = recordOrigins(doc);
		setWorkspaceName(doc, '  昆山市花桥集善中学 ', alice);
		setDrillFrequency(doc, 'month', alice);
		expect(readWorkspace(doc)).toMatchObject({ name: '昆山市花桥集善中学', drillFrequency: 'month' });
		expect(origins).toEqual([
			{ source: 'local', actor: alice },
			{ source: 'local', actor: alice }
		]);
		expectModelError(() => setWorkspaceName(doc, ' ', alice), 'required', { field: 'workspaceName' });
		expectModelError(() => setDrillFrequency(doc, 'weekly' as never, alice), 'not_one_of', {
			field: 'drillFrequency'
		});
		expectModelError(() => setWorkspaceName(new Y.Doc(), 'x', alice), 'not_initialised', {
			record: 'workspace'
		});
		expect(readWorkspace(new Y.Doc())).toBeNull();
	});
});

describe('rounds index', () => {
	it('sorts by month desc, then createdAt desc, then id', () => {
		const doc = workspace();
		addRoundToIndex(doc, summary('r-old', '2026-09', T0), alice);
		addRoundToIndex(doc, summary('r-b', '2026-10', T0 + 5), alice);
		addRoundToIndex(doc, summary('r-a', '2026-10', T0 + 5), alice);
		addRoundToIndex(doc, summary('r-late', '2026-10', T0 + 9), alice);
		addRoundToIndex(doc, summary('r-new', '2026-11', T0), alice);
		expect(listRounds(doc).map((r) => r.id)).toEqual(['r-new', 'r-late', 'r-a', 'r-b', 'r-old']);
		expect(listRounds(doc)[0]).toEqual(summary('r-new', '2026-11', T0));
	});

	it('is idempotent and merges the same entry added on two devices', () => {
		const a = workspace();
		const b = new Y.Doc();
		syncAll(a, b);
		addRoundToIndex(a, summary('r1', '2026-10', T0), alice);
		addRoundToIndex(a, { ...summary('r1', '2026-10', T0), title: '改名' }, alice);
		addRoundToIndex(b, summary('r1', '2026-10', T0), alice);
		syncAll(a, b);
		expect(listRounds(a)).toEqual([summary('r1', '2026-10', T0)]);
		expect(listRounds(b)).toEqual(listRounds(a));
	});

	it('validates entries', () => {
		const doc = workspace();
		expectModelError(() => addRoundToIndex(doc, summary('bad/id', '2026-10', T0), alice), 'invalid_id', {
			field: 'roundId'
		});
		expectModelError(() => addRoundToIndex(doc, summary('r', '2026-00', T0), alice), 'invalid_month');
		expectModelError(
			() => addRoundToIndex(doc, { ...summary('r', '2026-10', T0), title: '' }, alice),
			'required',
			{ field: 'roundTitle' }
		);
	});
});

describe('migrate', () => {
	/** A workspace written before schema versioning: a name, no templates, no version marker. */
	function legacyWorkspace(): Y.Doc {
		const doc = new Y.Doc();
		doc.transact(() => doc.getMap('workspace').set('name', '旧工作区'), 'legacy');
		return doc;
	}

	it('brings an old workspace forward, once', () => {
		const doc = legacyWorkspace();
		expect(readWorkspace(doc)?.schemaVersion).toBe(0);
		const origins = recordOrigins(doc);
		migrate(doc);
		expect(readWorkspace(doc)?.schemaVersion).toBe(SCHEMA_VERSION);
		expect(listTemplates(doc)).toEqual([SEEDED]);
		expect(origins).toEqual([
			{ source: 'migration', from: 0, to: 1 },
			{ source: 'migration', from: 1, to: 2 }
		]);
		const state = Y.encodeStateAsUpdate(doc);
		migrate(doc);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
		expect(origins).toHaveLength(2);
	});

	it('two old devices migrating concurrently converge on one result', () => {
		const a = legacyWorkspace();
		const b = new Y.Doc();
		syncAll(a, b);
		migrate(a);
		migrate(b);
		syncAll(a, b);
		expect(listTemplates(a)).toEqual([SEEDED]);
		expect(readWorkspace(a)).toEqual(readWorkspace(b));
		expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
	});

	it('leaves fresh and uninitialised workspaces alone', () => {
		const doc = workspace();
		const state = Y.encodeStateAsUpdate(doc);
		migrate(doc);
		expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
		const empty = new Y.Doc();
		migrate(empty);
		expect(Y.encodeStateAsUpdate(empty)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
	});
});
