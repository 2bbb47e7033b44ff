import * as Y from 'yjs';
import { foldHazard, moveOf, parseTransition, type HazardState } from '../hazard-fold.ts';
import { LINK_PREFIX, hazards, initOf, logList, readHazard, type HazardView } from '../hazard-record.ts';
import {
	editRefusal,
	isAuthorised,
	type DomainOwners,
	type HazardField,
	type MemberContext
} from '../hazard-rules.ts';
import { mayRemovePhoto, readPhotoInfo, type PhotoRef } from '../photos.ts';
import { text } from '../read.ts';
import {
	addedValues,
	deletedItems,
	isNewType,
	keptValues,
	keyAction,
	keyUnder,
	type AnyType
} from './transaction.ts';
import {
	checkAuthored,
	inTime,
	isConflict,
	violation,
	type RuleClock,
	type RuleSender,
	type Violation
} from './violation.ts';

/**
 * The ledger's rules (hazard-rules.ts, hazard-fold.ts) applied to what one update changed, on the
 * server, for every client: a hazard is registered by its sender, never deleted or re-registered;
 * its transition log only grows, each entry by its sender, at a time not in the future, a move the
 * sender may make (only the office closes; the responsible department rectifies); a field changes
 * only by whom `canEdit` allows (only the office changes the level).
 */

/** The duty board as the ledger's rules need it for one sender (duty.ts). */
export interface LedgerDuty {
	owners: DomainOwners;
	/** The departments the sender acts for (`memberDepts`). */
	deptIds: readonly string[];
}

/** One hazard record as an update changed it: what `checkHazardChange` judges. */
export interface HazardChange {
	/** The record read after the change. */
	after: HazardView;
	/** The state before the change: the fold of the entries the log already held. */
	stateBefore: HazardState;
	/** Registered by this change. */
	created: boolean;
	/** The registered values (`init`) of a record registered by this change. */
	init: Readonly<Record<string, unknown>>;
	/** Keys of the record set or deleted (a new record's aside). */
	keys: readonly string[];
	/** The long texts typed into (`description`, `measures`). */
	texts: readonly string[];
	/** Whether the photo list changed, and the photos taken off it with who added each. */
	photos: { changed: boolean; removed: readonly PhotoRef[] };
	/** Transition entries appended, as stored. */
	added: readonly unknown[];
	/** How many entries of the log were deleted. */
	logDeleted: number;
}

/** Record keys written once, at registration (ledger.ts; version 1 records hold them at their own key). */
const FIXED = new Set(['init', 'log', 'description', 'photos', 'number', 'createdAt', 'foundBy', 'source']);

/** Record keys that are a field of `canEdit`. */
const FIELD_OF: Readonly<Record<string, HazardField>> = {
	place: 'place',
	foundAt: 'foundAt',
	domain: 'domain',
	level: 'level',
	ownerDept: 'ownerDept',
	ownerPerson: 'ownerPerson',
	deadline: 'deadline',
	measures: 'measures',
	funds: 'funds',
	interimMeasures: 'interimMeasures',
	remarks: 'remarks',
	reportedAt: 'report',
	reportedBy: 'report',
	reportRef: 'report'
};

/**
 * Null when `change` keeps every rule of the ledger for `sender`, else the first rule it breaks
 * that refuses it, else the first conflict (`isConflict`: a rule an offline device may break
 * honestly, which the server keeps and records).
 */
export function checkHazardChange(
	change: HazardChange,
	sender: RuleSender,
	duty: () => LedgerDuty,
	clock: RuleClock
): Violation | null {
	const { after } = change;
	const label = after.number;
	if (change.logDeleted > 0) return violation('history_deleted', { record: 'transition', label });
	if (change.created) {
		const finder = change.init.foundBy as { id?: unknown; name?: unknown } | undefined;
		if (finder?.id !== sender.id || finder.name !== sender.name)
			return violation('forged_author', {
				record: 'hazard',
				label,
				claimed: text(finder?.name) || undefined
			});
		for (const field of ['createdAt', 'foundAt'])
			if (!inTime(change.init[field], clock))
				return violation('future_time', { record: 'hazard', label, at: change.init[field] as number });
	}
	let member: MemberContext | null = null;
	let owners: DomainOwners = new Map();
	const who = (): MemberContext => {
		if (member === null) {
			const board = duty();
			owners = board.owners;
			member = { id: sender.id, name: sender.name, role: sender.role, deptIds: board.deptIds };
		}
		return member;
	};
	let conflict: Violation | null = null;
	const entries = change.added.map(parseTransition);
	for (const entry of entries) {
		if (entry === null) return violation('malformed', { record: 'transition', label });
		const authored = checkAuthored(entry, sender, clock, 'transition', label);
		if (authored !== null) return authored;
		const move = moveOf(entry.from, entry.to);
		if (move === null) return violation('malformed', { record: 'transition', label });
		if (!isAuthorised(move, after, who(), owners)) {
			const rectifying = move === 'start' || move === 'submit';
			if (!rectifying || (sender.role !== 'dept' && sender.role !== 'office'))
				return violation('move_not_allowed', { record: 'transition', move, label });
			conflict ??= violation('not_responsible', { record: 'transition', move, label });
		}
	}
	// Edits are judged on the state the member saw: a close and a remark in one update is fine.
	const before: HazardView = { ...after, state: change.stateBefore };
	/** Null when `field` may change; else the refusal, or a conflict noted and null. */
	const judge = (field: HazardField): Violation | null => {
		if (change.created) return null;
		const why = editRefusal(before, field, who(), owners);
		if (why === null) return null;
		if (why === 'not_allowed') return violation('field_not_allowed', { record: 'hazard', field, label });
		conflict ??= violation(why === 'closed' ? 'closed_changed' : 'not_responsible', {
			record: 'hazard',
			field,
			label
		});
		return null;
	};
	for (const key of change.keys) {
		if (key.startsWith(LINK_PREFIX)) continue; // ledger-links.ts
		if (FIXED.has(key) && !change.created)
			return violation('fixed_changed', { record: 'hazard', field: key, label });
		const field = FIELD_OF[key];
		if (field === undefined) continue; // records are open: unknown keys are ignored by readers
		// A rejection with a new deadline sets the deadline too (moveHazard), whoever re-inspects. The
		// value read may be another device's set at the same time, which won: the rejection's is kept
		// in its entry either way.
		const rejected = entries.some((e) => e?.deadline != null);
		if (field === 'deadline' && rejected) continue;
		const refused = judge(field);
		if (refused !== null) return refused;
		if (key === 'foundAt' && !inTime(after.foundAt, clock))
			return violation('future_time', { record: 'hazard', field, label, at: after.foundAt });
	}
	if (change.keys.includes('reportedBy') || change.keys.includes('reportedAt')) {
		const report = after.report;
		if (report !== null && report.by.id !== sender.id)
			return violation('forged_author', { record: 'report', label, claimed: report.by.name || undefined });
		if (report !== null && !inTime(report.at, clock))
			return violation('future_time', { record: 'report', label, at: report.at });
	}
	for (const field of change.texts) {
		const refused = field === 'description' || field === 'measures' ? judge(field) : null;
		if (refused !== null) return refused;
	}
	const photos = change.photos.changed ? judge('photos') : null;
	if (photos !== null) return photos;
	if (change.photos.removed.some((photo) => !mayRemovePhoto(photo, sender.id)))
		return violation('field_not_allowed', { record: 'hazard', field: 'photos', label });
	return conflict;
}

interface Touched {
	rec: Y.Map<unknown>;
	keys: Set<string>;
	texts: Set<string>;
	photosChanged: boolean;
	removed: string[];
	logDeleted: number;
}

/**
 * Checks one transaction of the ledger (the server's shadow document, in `afterTransaction`):
 * only the records it touched are read, so the cost follows the update, not the ledger's size.
 * `duty` is asked only when a rule needs the sender's departments or the domains' owners.
 * Returns the rule that refuses it alone, else the conflicts (`isConflict`) of each hazard, else [].
 */
export function checkLedgerTransaction(
	doc: Y.Doc,
	transaction: Y.Transaction,
	sender: RuleSender,
	duty: () => LedgerDuty,
	clock: RuleClock
): Violation[] {
	const root = hazards(doc) as AnyType;
	const touched = new Map<string, Touched>();
	const touch = (id: string, rec: unknown): Touched | null => {
		if (!(rec instanceof Y.Map)) return null;
		let entry = touched.get(id);
		if (entry === undefined) {
			entry = { rec, keys: new Set(), texts: new Set(), photosChanged: false, removed: [], logDeleted: 0 };
			touched.set(id, entry);
		}
		return entry;
	};
	for (const item of deletedItems(transaction)) {
		const parent = item.parent as AnyType;
		if (parent === root)
			return [violation('record_deleted', { record: 'hazard', label: deletedNumber(item) })];
		const at = keyUnder(root, parent);
		if (at === null) continue;
		const entry = touch(at.key, at.child);
		const part = parent._item?.parentSub;
		if (entry === null || parent._item?.parent !== (entry.rec as AnyType)) continue;
		if (part === 'log') entry.logDeleted += item.length;
		if (part === 'photos')
			entry.removed.push(...item.content.getContent().filter((v): v is string => typeof v === 'string'));
	}
	for (const [type, keys] of transaction.changed) {
		if (type === root) {
			for (const key of keys) {
				if (key === null) continue;
				if (keyAction(transaction, root, key) !== 'add')
					return [violation('record_deleted', { record: 'hazard' })];
				touch(key, (root as Y.Map<unknown>).get(key));
			}
			continue;
		}
		const at = keyUnder(root, type);
		if (at === null) continue;
		const entry = touch(at.key, at.child);
		if (entry === null) continue;
		const rec: AnyType = entry.rec;
		if (type === rec) {
			for (const key of keys) if (key !== null) entry.keys.add(key);
		} else if (type._item?.parent === rec) {
			const part = type._item.parentSub ?? '';
			if (part === 'photos') entry.photosChanged = true;
			else if (part === 'description' || part === 'measures') entry.texts.add(part);
		}
	}
	const conflicts: Violation[] = [];
	for (const [id, entry] of touched) {
		const problem = checkHazardChange(changeOf(doc, transaction, id, entry), sender, duty, clock);
		if (problem === null) continue;
		if (!isConflict(problem)) return [problem];
		conflicts.push(problem);
	}
	return conflicts;
}

function changeOf(doc: Y.Doc, transaction: Y.Transaction, id: string, touched: Touched): HazardChange {
	const { rec } = touched;
	const created = isNewType(transaction, rec as AnyType);
	const log = logList(rec);
	const kept = log === null || created ? [] : keptValues(transaction, log).map(parseTransition);
	return {
		after: readHazard(id, rec),
		stateBefore: foldHazard(kept.filter((e) => e !== null)).state,
		created,
		init: created ? initOf(rec) : {},
		keys: [...touched.keys],
		texts: [...touched.texts],
		photos: {
			changed: touched.photosChanged || touched.removed.length > 0,
			removed: touched.removed.map((hash) => ({ hash, info: readPhotoInfo(doc, hash) }))
		},
		added: log === null ? [] : created ? log.toArray() : addedValues(transaction, log),
		logDeleted: touched.logDeleted
	};
}

/** The number of a deleted record, for the office to recognise it (read from its deleted items). */
function deletedNumber(item: Y.Item): string | undefined {
	const content = item.content;
	if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map)) return undefined;
	const last = (key: string): unknown => content.type._map.get(key)?.content.getContent().at(-1);
	const init = last('init');
	const number =
		last('number') ??
		(typeof init === 'object' && init !== null ? (init as { number?: unknown }).number : undefined);
	return text(number) || undefined;
}
