import * as Y from 'yjs';
import { COMMENTS, isCommentAnchor, parseCommentEntry } from './plan-comments.ts';

// Any Yjs type, whatever its events.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type YType = Y.AbstractType<any>;

/**
 * The rules of the plan's comment threads (plan-comments.ts), judged on one transaction of a
 * document that took an update (the server's shadow, sync-server/plan-comments.ts):
 *
 * - a sender whose role may not write the plan writes its comment threads alone (`parts`, from
 *   permissions.ts `writableParts`): anything else it touches, the body above all, is refused;
 * - a thread is added whole, by its sender, and never changed, replaced or deleted afterwards;
 * - its log is appended to, never cut, and each new entry is its sender's own.
 *
 * Returns what is wrong, or null.
 */
export function checkPlanTransaction(
	transaction: Y.Transaction,
	sender: { id: string; parts: readonly string[] | 'all' }
): PlanProblem | null {
	const reason = check(transaction, sender);
	if (reason === null) return null;
	return { reason, outside: reason.startsWith(OUTSIDE) };
}

/** What a transaction broke: `outside` when it wrote beyond the sender's parts. */
export interface PlanProblem {
	/** For the log. */
	reason: string;
	outside: boolean;
}

const OUTSIDE = 'outside: ';

function check(
	transaction: Y.Transaction,
	sender: { id: string; parts: readonly string[] | 'all' }
): string | null {
	const doc = transaction.doc;
	const comments = doc.getMap<unknown>(COMMENTS);
	const isNew = (item: Y.Item) => item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0);
	const allowed = (root: string | null) =>
		sender.parts === 'all' || (root !== null && sender.parts.includes(root));

	let problem: string | null = null;
	Y.iterateDeletedStructs(transaction, transaction.deleteSet, (struct) => {
		if (problem !== null || !(struct instanceof Y.Item)) return;
		const root = rootName(doc, struct.parent as YType);
		if (!allowed(root)) problem = `${OUTSIDE}deleted in ${root ?? 'an unknown root'}`;
		else if (root === COMMENTS) problem = 'comment deleted';
	});
	if (problem !== null) return problem;

	for (const [type, keys] of transaction.changed) {
		const root = rootName(doc, type);
		if (!allowed(root)) return `${OUTSIDE}wrote ${root ?? 'an unknown root'}`;
		if (root !== COMMENTS) continue;
		if ((type as unknown) === comments) {
			for (const key of keys) {
				if (key === null) return 'list content in comments';
				const thread = comments.get(key);
				if (!(thread instanceof Y.Map) || thread._item === null || !isNew(thread._item))
					return `thread ${key} replaced`;
				const fault = checkNewThread(thread, sender.id);
				if (fault !== null) return `thread ${key}: ${fault}`;
			}
			continue;
		}
		const parent = type._item?.parent;
		if (type instanceof Y.Map && parent === comments) {
			// A thread's own fields: only while it is being added (checked whole above).
			if (type._item === null || !isNew(type._item)) return 'thread changed';
			continue;
		}
		if (type instanceof Y.Array && parent instanceof Y.Map && parent._item?.parent === comments) {
			if (parent._item !== null && isNew(parent._item)) continue;
			for (let item = type._start; item !== null; item = item.right) {
				if (item.deleted || !isNew(item)) continue;
				for (const raw of item.content.getContent()) {
					const entry = parseCommentEntry(raw);
					if (entry === null || entry.by !== sender.id) return 'log entry not its sender’s';
				}
			}
			continue;
		}
		return 'unexpected part of a thread';
	}
	return null;
}

function checkNewThread(thread: Y.Map<unknown>, senderId: string): string | null {
	if (thread.get('by') !== senderId) return 'not its sender’s';
	if (!isCommentAnchor(thread.get('anchor'))) return 'no passage';
	if (typeof thread.get('text') !== 'string' || typeof thread.get('quote') !== 'string') return 'no text';
	const log = thread.get('log');
	if (!(log instanceof Y.Array)) return 'no log';
	for (const raw of log.toArray()) {
		const entry = parseCommentEntry(raw);
		if (entry === null || entry.by !== senderId) return 'log entry not its sender’s';
	}
	return null;
}

/** The name of the root `type` sits under, or null (a type of no root: a detached or unknown one). */
function rootName(doc: Y.Doc, type: YType): string | null {
	let current: YType = type;
	while (current._item !== null) current = current._item.parent as YType;
	for (const [name, root] of doc.share) if ((root as unknown) === current) return name;
	return null;
}
