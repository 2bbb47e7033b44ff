import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { DECISIONS } from './plan-decisions.ts';
import { localOrigin, type Actor } from './origin.ts';
import { PLAN_COMMENTS_ROOT } from './permissions.ts';
import { isFiniteNumber, isString, num, text } from './read.ts';
import * as v from './validate.ts';

/**
 * Comment threads on the plan (评论), in the `plan` document:
 *
 *   comments  Y.Map<threadId, Y.Map>
 *     anchor  { start, end }   Yjs relative positions (as JSON) into the body: the passage
 *     quote   string           the passage's text when the thread began (shown if it is deleted)
 *     text    string           the first comment
 *     by, byName, at
 *     log     Y.Array<{ id, kind: reply | resolve | reopen, text?, by, byName, at }>
 *
 * The anchor lives here, not as a mark in the body: a member who may not write the body (a
 * department head, a phone) comments without changing the text, and relative positions follow
 * the passage through everyone's concurrent edits. A thread is written once, whole; afterwards only
 * its log grows (append-only, so two replies at once both stay). Open or resolved is a fold over
 * the log's resolve and reopen entries sorted by (at, id): the latest wins, the same on every
 * device, and both stay in the history.
 */
export const COMMENTS = PLAN_COMMENTS_ROOT;
export const COMMENT_MAX = 2000;
export const QUOTE_MAX = 200;
export const LOG_KINDS = ['reply', 'resolve', 'reopen'] as const;
export type LogKind = (typeof LOG_KINDS)[number];

/** A Yjs relative position as `Y.relativePositionToJSON` writes it. */
export type AnchorPosition = Record<string, unknown>;

export interface CommentAnchor {
	start: AnchorPosition;
	end: AnchorPosition;
}

export interface CommentEntry {
	id: string;
	kind: LogKind;
	text: string;
	by: string;
	byName: string;
	at: number;
}

export interface CommentThread {
	id: string;
	anchor: CommentAnchor | null;
	quote: string;
	text: string;
	by: string;
	byName: string;
	at: number;
	/** Replies, oldest first. */
	replies: CommentEntry[];
	/** Every entry, replies and status changes, in (at, id) order. */
	log: CommentEntry[];
	resolved: boolean;
	/** The resolve entry in force, when resolved. */
	resolvedBy: CommentEntry | null;
	/** The latest activity: the thread's start or its newest entry. */
	lastAt: number;
}

type Rec = Y.Map<unknown>;

export function commentsRoot(doc: Y.Doc): Y.Map<Rec> {
	return doc.getMap<Rec>(COMMENTS);
}

const isId = (value: unknown): value is { client: number; clock: number } =>
	typeof value === 'object' &&
	value !== null &&
	Number.isInteger((value as { client?: unknown }).client) &&
	Number.isInteger((value as { clock?: unknown }).clock);

/** A relative position's JSON: a type (by id or root name) or an item, and an association. */
export function isAnchorPosition(value: unknown): value is AnchorPosition {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const r = value as Record<string, unknown>;
	if (r.type !== undefined && !isId(r.type)) return false;
	if (r.tname !== undefined && !isString(r.tname)) return false;
	if (r.item !== undefined && !isId(r.item)) return false;
	if (r.assoc !== undefined && !Number.isInteger(r.assoc)) return false;
	return r.type !== undefined || r.tname !== undefined || r.item !== undefined;
}

export function isCommentAnchor(value: unknown): value is CommentAnchor {
	if (typeof value !== 'object' || value === null) return false;
	const r = value as Record<string, unknown>;
	return isAnchorPosition(r.start) && isAnchorPosition(r.end);
}

/** A log entry as stored, or null. */
export function parseCommentEntry(raw: unknown): CommentEntry | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const r = raw as Record<string, unknown>;
	if (!isString(r.id) || !LOG_KINDS.includes(r.kind as LogKind)) return null;
	if (!isString(r.by) || !isFiniteNumber(r.at)) return null;
	if (r.kind === 'reply' && !isString(r.text)) return null;
	return {
		id: r.id,
		kind: r.kind as LogKind,
		text: text(r.text),
		by: r.by,
		byName: text(r.byName),
		at: r.at
	};
}

/** The anchor of a passage inside one body node's text, from `from` to `to` (for tools and tests). */
export function anchorInText(textNode: Y.XmlText | Y.Text, from: number, to: number): CommentAnchor {
	// The start follows the passage's first character, the end its last: text typed just before
	// or just after the passage stays outside it.
	const start = Y.createRelativePositionFromTypeIndex(textNode, from, 0);
	const end = Y.createRelativePositionFromTypeIndex(textNode, to, -1);
	return { start: anchorToJSON(start), end: anchorToJSON(end) };
}

export function anchorToJSON(position: Y.RelativePosition): AnchorPosition {
	return Y.relativePositionToJSON(position) as AnchorPosition;
}

export function anchorFromJSON(position: AnchorPosition): Y.RelativePosition {
	return Y.createRelativePositionFromJSON(position);
}

/** The passage's text now (one text node's worth), or null when it is gone or spans nodes. */
export function anchoredText(doc: Y.Doc, anchor: CommentAnchor): string | null {
	const start = Y.createAbsolutePositionFromRelativePosition(anchorFromJSON(anchor.start), doc);
	const end = Y.createAbsolutePositionFromRelativePosition(anchorFromJSON(anchor.end), doc);
	if (start === null || end === null || start.type !== end.type) return null;
	if (!(start.type instanceof Y.Text)) return null;
	if (end.index <= start.index) return null;
	return start.type.toString().slice(start.index, end.index);
}

export interface NewThread {
	anchor: CommentAnchor;
	/** The selected text, cut to QUOTE_MAX characters. */
	quote: string;
	text: string;
}

/** Starts a thread on a passage. */
export function addThread(
	doc: Y.Doc,
	input: NewThread,
	actor: Actor,
	now: number = Date.now(),
	id: string = v.newId()
): string {
	const who = v.requireActor(actor);
	if (!isCommentAnchor(input.anchor))
		throw new ModelError('required', 'a comment needs a passage', { field: 'passage' });
	const quote = v.requireText(input.quote, 'passage', Number.MAX_SAFE_INTEGER).slice(0, QUOTE_MAX);
	const comment = v.requireText(input.text, 'commentText', COMMENT_MAX);
	v.requireTimestamp(now, 'time');
	v.requireId(id, 'threadId');
	const root = commentsRoot(doc);
	if (root.has(id))
		throw new ModelError('already_exists', `thread ${id} exists`, { record: 'commentThread' });
	doc.transact(() => {
		const rec: Rec = new Y.Map();
		rec.set('anchor', { start: input.anchor.start, end: input.anchor.end });
		rec.set('quote', quote);
		rec.set('text', comment);
		rec.set('by', who.id);
		rec.set('byName', who.name);
		rec.set('at', now);
		rec.set('log', new Y.Array());
		root.set(id, rec);
	}, localOrigin(who));
	return id;
}

export function replyToThread(
	doc: Y.Doc,
	threadId: string,
	reply: string,
	actor: Actor,
	now: number = Date.now(),
	id: string = v.newId()
): void {
	const comment = v.requireText(reply, 'commentText', COMMENT_MAX);
	append(doc, threadId, { id, kind: 'reply', text: comment }, actor, now);
}

/** Marks a thread resolved (已解决); refused when it is resolved already. */
export function resolveThread(
	doc: Y.Doc,
	threadId: string,
	actor: Actor,
	now: number = Date.now(),
	id: string = v.newId()
): void {
	setResolved(doc, threadId, 'resolve', actor, now, id);
}

/** Opens a resolved thread again; refused when it is open. */
export function reopenThread(
	doc: Y.Doc,
	threadId: string,
	actor: Actor,
	now: number = Date.now(),
	id: string = v.newId()
): void {
	setResolved(doc, threadId, 'reopen', actor, now, id);
}

/** Appends a resolve or reopen entry, unless the thread already is what the entry would make it. */
function setResolved(
	doc: Y.Doc,
	threadId: string,
	kind: 'resolve' | 'reopen',
	actor: Actor,
	now: number,
	id: string
): void {
	const thread = getThread(doc, threadId);
	const state = kind === 'resolve' ? 'resolved' : 'open';
	// An unknown thread is append's refusal (unknown_record).
	if (thread !== null && thread.resolved === (kind === 'resolve'))
		throw new ModelError('illegal_transition', `thread ${threadId} is ${state}`, { from: state, to: state });
	append(doc, threadId, { id, kind }, actor, now);
}

/** Appends one entry to a thread's log, as `actor` at `now`; the checks every entry shares. */
function append(
	doc: Y.Doc,
	threadId: string,
	entry: { id: string; kind: LogKind; text?: string },
	actor: Actor,
	now: number
): void {
	const who = v.requireActor(actor);
	v.requireTimestamp(now, 'time');
	v.requireId(entry.id, 'threadId');
	const log = commentsRoot(doc).get(threadId)?.get('log');
	if (!(log instanceof Y.Array))
		throw new ModelError('unknown_record', `unknown thread ${threadId}`, { record: 'commentThread' });
	doc.transact(() => {
		log.push([{ ...entry, by: who.id, byName: who.name, at: now }]);
	}, localOrigin(who));
}

const byTime = (a: { at: number; id: string }, b: { at: number; id: string }) =>
	a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One thread, or null when it is not on this device (or not a thread). */
export function getThread(doc: Y.Doc, threadId: string): CommentThread | null {
	const rec = commentsRoot(doc).get(threadId);
	return rec instanceof Y.Map ? readThread(threadId, rec) : null;
}

function readThread(id: string, rec: Rec): CommentThread {
	const raw = rec.get('log');
	const log = (raw instanceof Y.Array ? (raw.toArray() as unknown[]) : [])
		.map(parseCommentEntry)
		.filter((e): e is CommentEntry => e !== null)
		.sort(byTime);
	let resolvedBy: CommentEntry | null = null;
	for (const entry of log) {
		if (entry.kind === 'resolve') resolvedBy = entry;
		else if (entry.kind === 'reopen') resolvedBy = null;
	}
	const anchor = rec.get('anchor');
	const at = num(rec.get('at'));
	return {
		id,
		anchor: isCommentAnchor(anchor) ? anchor : null,
		quote: text(rec.get('quote')),
		text: text(rec.get('text')),
		by: text(rec.get('by')),
		byName: text(rec.get('byName')),
		at,
		replies: log.filter((e) => e.kind === 'reply'),
		log,
		resolved: resolvedBy !== null,
		resolvedBy,
		lastAt: Math.max(at, ...log.map((e) => e.at))
	};
}

/** Every thread: open ones first, each group newest activity first. */
export function listThreads(doc: Y.Doc): CommentThread[] {
	const out: CommentThread[] = [];
	commentsRoot(doc).forEach((rec, id) => {
		if (rec instanceof Y.Map) out.push(readThread(id, rec));
	});
	return out.sort(
		(a, b) =>
			Number(a.resolved) - Number(b.resolved) ||
			b.lastAt - a.lastAt ||
			(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/** Calls `listener` after each change to the threads or the decisions (not the text). */
export function watchMeeting(doc: Y.Doc, listener: () => void): () => void {
	const roots = [commentsRoot(doc), doc.getMap(DECISIONS)];
	for (const root of roots) root.observeDeep(listener);
	return () => roots.forEach((root) => root.unobserveDeep(listener));
}
