import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canComment, canEditDecisions, writableParts, type Role } from '../../src/lib/model/permissions.ts';
import { planBody } from '../../src/lib/model/plan.ts';
import { checkPlanTransaction } from '../../src/lib/model/plan-comment-rules.ts';
import {
	addThread,
	anchorInText,
	anchoredText,
	commentsRoot,
	getThread,
	listThreads,
	reopenThread,
	replyToThread,
	resolveThread
} from '../../src/lib/model/plan-comments.ts';
import {
	addDecision,
	editDecision,
	listDecisions,
	setDecisionStatus
} from '../../src/lib/model/plan-decisions.ts';
import { checkDocument, defineRoots } from '../../src/lib/model/schema/check.ts';
import { alice, bob, carol, expectModelError, syncAll } from './helpers.ts';

const PASSAGE = '每月开展一次安全检查';

/** A plan whose body is one paragraph: `before` + PASSAGE + `after`. */
function planDoc(before = '各部门', after = '，发现隐患及时整改。'): Y.Doc {
	const doc = new Y.Doc();
	defineRoots('plan', doc);
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(before + PASSAGE + after)]);
	planBody(doc).insert(0, [p]);
	return doc;
}

function bodyText(doc: Y.Doc): Y.XmlText {
	return (planBody(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
}

function threadOn(doc: Y.Doc, id = 't1', actor = alice, at = 1000): string {
	const text = bodyText(doc);
	const from = text.toString().indexOf(PASSAGE);
	return addThread(
		doc,
		{ anchor: anchorInText(text, from, from + PASSAGE.length), quote: PASSAGE, text: '频次是否够？' },
		actor,
		at,
		id
	);
}

/** Copies `doc` to a new document, as another device holds it. */
function copy(doc: Y.Doc): Y.Doc {
	const other = new Y.Doc();
	defineRoots('plan', other);
	Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
	return other;
}

describe('who comments and keeps decisions', () => {
	it.each<[Role, boolean, boolean, string[]]>([
		['leader', true, true, []],
		['office', true, true, []],
		['dept', true, false, ['comments']],
		['inspector', true, false, ['comments']],
		['viewer', false, false, []]
	])('%s: comments %s, decisions %s, writes parts %j', (role, comments, decisions, parts) => {
		expect(canComment(role)).toBe(comments);
		expect(canEditDecisions(role)).toBe(decisions);
		expect(writableParts(role, 'plan')).toEqual(parts);
		expect(writableParts(role, 'ledger')).toEqual([]);
	});
});

describe('comment threads', () => {
	it('adds a thread on a passage, replies, resolves and reopens', () => {
		const doc = planDoc();
		threadOn(doc);
		replyToThread(doc, 't1', '改为每周一次', bob, 2000, 'r1');
		resolveThread(doc, 't1', bob, 3000, 's1');
		let thread = getThread(doc, 't1');
		expect(thread).toMatchObject({
			quote: PASSAGE,
			text: '频次是否够？',
			byName: alice.name,
			resolved: true
		});
		expect(thread?.replies.map((r) => [r.text, r.byName])).toEqual([['改为每周一次', bob.name]]);
		expect(thread?.resolvedBy?.byName).toBe(bob.name);
		expectModelError(() => resolveThread(doc, 't1', alice), 'illegal_transition');
		reopenThread(doc, 't1', alice, 4000, 's2');
		thread = getThread(doc, 't1');
		expect(thread?.resolved).toBe(false);
		expect(thread?.log.map((e) => e.kind)).toEqual(['reply', 'resolve', 'reopen']);
		expect(thread?.lastAt).toBe(4000);
		expect(checkDocument('plan', doc)).toEqual([]);
	});

	it('refuses what it cannot keep, naming the field', () => {
		const doc = planDoc();
		const text = bodyText(doc);
		const anchor = anchorInText(text, 0, 2);
		expectModelError(() => addThread(doc, { anchor, quote: '各部', text: '  ' }, alice), 'required', {
			field: 'commentText'
		});
		expectModelError(
			() => addThread(doc, { anchor, quote: '各部', text: '长'.repeat(2001) }, alice),
			'too_long',
			{
				field: 'commentText'
			}
		);
		expectModelError(
			() => addThread(doc, { anchor: { start: {}, end: {} } as never, quote: 'x', text: 'x' }, alice),
			'required',
			{ field: 'passage' }
		);
		expectModelError(() => replyToThread(doc, 'nope', '好', alice), 'unknown_record', {
			record: 'commentThread'
		});
		for (const change of [resolveThread, reopenThread])
			expectModelError(() => change(doc, 'nope', alice), 'unknown_record', { record: 'commentThread' });
		threadOn(doc);
		expectModelError(() => reopenThread(doc, 't1', alice), 'illegal_transition');
		expectModelError(() => threadOn(doc), 'already_exists', { record: 'commentThread' });
	});

	it('keeps its passage through concurrent edits on either side and inside', () => {
		const a = planDoc();
		threadOn(a);
		const b = copy(a);
		const c = copy(a);
		// Text typed before the passage, after it, and into the paragraph's start, at once.
		bodyText(a).insert(0, '学校');
		bodyText(b).insert(bodyText(b).length, '每月通报。');
		const inB = bodyText(b).toString().indexOf(PASSAGE) + PASSAGE.length;
		bodyText(b).insert(inB, '（含周末）');
		bodyText(c).insert(bodyText(c).toString().indexOf(PASSAGE), '由办公室');
		syncAll(a, b, c);
		for (const doc of [a, b, c]) {
			const thread = getThread(doc, 't1');
			expect(thread && thread.anchor && anchoredText(doc, thread.anchor)).toBe(PASSAGE);
			expect(bodyText(doc).toString()).toBe(bodyText(a).toString());
		}
		// Typed inside the passage: the passage grows with it.
		bodyText(a).insert(bodyText(a).toString().indexOf('一次'), '至少');
		const thread = getThread(a, 't1');
		expect(thread?.anchor && anchoredText(a, thread.anchor)).toBe('每月开展至少一次安全检查');
	});

	it('merges replies made at once on two devices, and a resolve and a reopen the same everywhere', () => {
		const a = planDoc();
		threadOn(a);
		const b = copy(a);
		replyToThread(a, 't1', '同意', alice, 2000, 'ra');
		replyToThread(b, 't1', '补充：含宿舍楼', bob, 2000, 'rb');
		resolveThread(a, 't1', alice, 3000, 'sa');
		resolveThread(b, 't1', bob, 3000, 'sb');
		syncAll(a, b);
		for (const doc of [a, b]) {
			const thread = getThread(doc, 't1');
			expect(thread?.replies.map((r) => r.id)).toEqual(['ra', 'rb']);
			expect(thread?.resolved).toBe(true);
		}
		// Reopened on one device while another still replies: open everywhere, with both entries.
		reopenThread(a, 't1', alice, 4000, 'o1');
		replyToThread(b, 't1', '已落实', carol, 4001, 'rc');
		syncAll(a, b);
		expect(getThread(a, 't1')?.resolved).toBe(false);
		expect(getThread(b, 't1')?.log).toEqual(getThread(a, 't1')?.log);
	});

	it('lists open threads first, then resolved, newest activity first', () => {
		const doc = planDoc();
		threadOn(doc, 'old', alice, 1000);
		threadOn(doc, 'new', alice, 2000);
		threadOn(doc, 'done', alice, 3000);
		resolveThread(doc, 'done', bob, 4000);
		replyToThread(doc, 'old', '再议', bob, 5000);
		expect(listThreads(doc).map((t) => t.id)).toEqual(['old', 'new', 'done']);
	});
});

describe('the server’s rule for comments', () => {
	/** Applies what `change` does on a device to a copy (the server's shadow) and checks it. */
	function judge(
		doc: Y.Doc,
		change: (device: Y.Doc) => void,
		sender: { id: string; parts: readonly string[] | 'all' }
	): string | null {
		const server = copy(doc);
		const device = copy(doc);
		const before = Y.encodeStateVector(device);
		change(device);
		let problem: string | null = null;
		server.on(
			'afterTransaction',
			(tr: Y.Transaction) => (problem ??= checkPlanTransaction(tr, sender)?.reason ?? null)
		);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(device, before));
		return problem;
	}
	const reader = { id: bob.id, parts: ['comments'] };
	const writer = { id: alice.id, parts: 'all' as const };

	it('lets a member who may not write the plan comment, reply and resolve, and nothing else', () => {
		const doc = planDoc();
		expect(judge(doc, (d) => threadOn(d, 't1', bob), reader)).toBeNull();
		threadOn(doc, 't1', bob);
		expect(judge(doc, (d) => replyToThread(d, 't1', '好', bob), reader)).toBeNull();
		expect(judge(doc, (d) => resolveThread(d, 't1', bob), reader)).toBeNull();
		expect(judge(doc, (d) => bodyText(d).insert(0, '改'), reader)).toMatch(/body/);
		expect(judge(doc, (d) => bodyText(d).delete(0, 1), reader)).toMatch(/body/);
		expect(judge(doc, (d) => addDecision(d, { text: 'x', owner: '', deadline: null }, bob), reader)).toMatch(
			/decisions/
		);
		expect(
			judge(doc, (d) => addDecision(d, { text: 'x', owner: '', deadline: null }, alice), writer)
		).toBeNull();
	});

	it('refuses threads and entries in another member’s name, changes and deletions', () => {
		const doc = planDoc();
		threadOn(doc, 't1', alice);
		expect(judge(doc, (d) => threadOn(d, 't2', alice), reader)).toMatch(/not its sender/);
		expect(judge(doc, (d) => replyToThread(d, 't1', '好', alice), reader)).toMatch(/not its sender/);
		expect(judge(doc, (d) => commentsRoot(d).get('t1')?.set('text', '改写'), writer)).toMatch(
			/changed|deleted/
		);
		expect(judge(doc, (d) => commentsRoot(d).delete('t1'), writer)).toMatch(/deleted/);
		replyToThread(doc, 't1', '好', alice, 2000, 'r1');
		expect(
			judge(doc, (d) => (commentsRoot(d).get('t1')?.get('log') as Y.Array<unknown>).delete(0, 1), writer)
		).toMatch(/deleted/);
		expect(judge(doc, (d) => commentsRoot(d).set('t1', new Y.Map()), writer)).toMatch(/replaced|deleted/);
		expect(judge(doc, (d) => threadOn(d, 't3', alice), writer)).toBeNull();
	});
});

describe('decisions', () => {
	it('adds, edits, marks done and lists open ones by deadline', () => {
		const doc = planDoc();
		addDecision(doc, { text: '每周检查宿舍楼', owner: '总务处', deadline: '2026-12-01' }, alice, 1000, 'd1');
		addDecision(doc, { text: '修订应急预案', owner: '', deadline: null }, alice, 2000, 'd2');
		addDecision(doc, { text: '购置灭火器', owner: '黄春', deadline: '2026-11-15' }, alice, 3000, 'd3');
		expect(listDecisions(doc).map((d) => d.id)).toEqual(['d3', 'd1', 'd2']);
		editDecision(doc, 'd2', { text: '修订应急预案', owner: '安保处', deadline: '2026-10-30' }, bob, 4000);
		setDecisionStatus(doc, 'd3', 'done', bob, 5000);
		const list = listDecisions(doc);
		expect(list.map((d) => [d.id, d.status])).toEqual([
			['d2', 'open'],
			['d1', 'open'],
			['d3', 'done']
		]);
		expect(list[2]).toMatchObject({ doneByName: bob.name, doneAt: 5000 });
		setDecisionStatus(doc, 'd3', 'open', bob, 6000);
		expect(listDecisions(doc).find((d) => d.id === 'd3')).toMatchObject({ status: 'open', doneAt: null });
		expect(checkDocument('plan', doc)).toEqual([]);
	});

	it('refuses empty text, long owners, bad dates and unknown decisions', () => {
		const doc = planDoc();
		expectModelError(() => addDecision(doc, { text: ' ', owner: '', deadline: null }, alice), 'required', {
			field: 'decisionText'
		});
		expectModelError(
			() => addDecision(doc, { text: 'x', owner: '长'.repeat(61), deadline: null }, alice),
			'too_long',
			{
				field: 'decisionOwner'
			}
		);
		expectModelError(
			() => addDecision(doc, { text: 'x', owner: '', deadline: '2026-02-30' }, alice),
			'invalid_date',
			{
				field: 'decisionDeadline'
			}
		);
		expectModelError(() => setDecisionStatus(doc, 'nope', 'done', alice), 'unknown_record', {
			record: 'decision'
		});
	});

	it('keeps two members’ edits of different fields made at once', () => {
		const a = planDoc();
		addDecision(a, { text: '每周检查宿舍楼', owner: '', deadline: null }, alice, 1000, 'd1');
		const b = copy(a);
		editDecision(a, 'd1', { text: '每周检查宿舍楼', owner: '总务处', deadline: null }, alice, 2000);
		editDecision(b, 'd1', { text: '每周检查宿舍楼', owner: '', deadline: '2026-12-01' }, bob, 2000);
		syncAll(a, b);
		expect(listDecisions(a)).toEqual(listDecisions(b));
		expect(listDecisions(a)[0]).toMatchObject({ owner: '总务处', deadline: '2026-12-01' });
	});
});
