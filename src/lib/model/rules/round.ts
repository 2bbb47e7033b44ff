import * as Y from 'yjs';
import { parseEntry } from '../answers.ts';
import { readRound } from '../inspection.ts';
import { mayRemovePhoto, readPhotoInfo } from '../photos.ts';
import { AREAS, ITEMS, ROUND } from '../round-body.ts';
import { itemLabel } from '../round-hazard.ts';
import { LIFECYCLE, parseLifecycleEntry } from '../round-lifecycle-fold.ts';
import { text } from '../read.ts';
import { addedValues, deletedItems, isNew, isNewType, keyAction, type AnyType } from './transaction.ts';
import {
	checkAuthored,
	inTime,
	violation,
	type RuleClock,
	type RuleSender,
	type Violation
} from './violation.ts';

/**
 * A round's rules applied to what one update changed (round-body.ts, answers.ts), on the server:
 *
 * - the checklist copied from the template (areas, items and their fields) is written once, when
 *   the round is made, and never changes or loses a record afterwards;
 * - the header is written once (the title aside, which may be renamed), and its `createdBy` is the
 *   sender or the creator the workspace index names (a device that builds the round from the
 *   index writes the creator's header, identical to theirs: rounds.ts `ensureRound`);
 * - an item's answers only grow, each answer by its sender, at a time not in the future;
 * - a photo comes off an item only by the member who added it; lifecycle entries are not in the
 *   future (who records them is RoundLock's check, round-lock.ts).
 *
 * The team and hazard links are checked by sync-server/round-rules.ts, the lifecycle's authors and
 * signed-off rounds by round-lock.ts.
 */

const ITEM_KEYS = new Set(['areaId', 'text', 'order', 'templateItemId', 'answers', 'note', 'photos']);
const AREA_KEYS = new Set(['title', 'order', 'templateAreaId']);

export interface RoundRuleContext {
	/** The round's creator as the workspace index (meta) names it, if it lists the round. */
	indexedCreator?: string;
}

export function checkRoundTransaction(
	doc: Y.Doc,
	transaction: Y.Transaction,
	sender: RuleSender,
	clock: RuleClock,
	context: RoundRuleContext = {}
): Violation | null {
	const header = doc.getMap<unknown>(ROUND) as AnyType;
	const areas = doc.getMap<unknown>(AREAS) as AnyType;
	const items = doc.getMap<unknown>(ITEMS) as AnyType;
	const label = (itemId: string | null | undefined) => labelOf(doc, itemId);
	const deleted = deletedItems(transaction);
	// A deleted record first: its answers go with it, and the record is what was attempted.
	for (const item of deleted) {
		const parent = item.parent as AnyType;
		if (parent === items)
			return violation('record_deleted', { record: 'checklistItem', label: label(item.parentSub) });
		if (parent === areas) return violation('record_deleted', { record: 'checklistArea' });
	}
	for (const item of deleted) {
		const parent = item.parent as AnyType;
		const owner = parent._item?.parent;
		if (owner instanceof Y.Map && owner._item?.parent === items) {
			const part = parent._item?.parentSub;
			const itemId = owner._item.parentSub;
			if (part === 'answers') return violation('history_deleted', { record: 'answer', label: label(itemId) });
			if (part === 'photos') {
				const hashes = item.content.getContent().filter((v): v is string => typeof v === 'string');
				if (hashes.some((hash) => !mayRemovePhoto({ hash, info: readPhotoInfo(doc, hash) }, sender.id)))
					return violation('field_not_allowed', {
						record: 'checklistItem',
						field: 'photos',
						label: label(itemId)
					});
			}
		}
	}
	for (const [type, keys] of transaction.changed) {
		const named = [...keys].filter((key): key is string => key !== null);
		if (type === header) {
			const problem = checkHeader(transaction, header as Y.Map<unknown>, named, sender, clock, context);
			if (problem !== null) return problem;
		} else if (type === items || type === areas) {
			// Keys added to a checklist that already had records: the copy is made once, whole.
			if (hadRecords(transaction, type))
				return violation('checklist_changed', { record: type === items ? 'checklistItem' : 'checklistArea' });
			if (type === items)
				for (const key of named) {
					const problem = checkNewItem(items as Y.Map<unknown>, key, sender, clock, label);
					if (problem !== null) return problem;
				}
		} else if (type._item?.parent === items || type._item?.parent === areas) {
			const fixed = type._item.parent === items ? ITEM_KEYS : AREA_KEYS;
			if (!isNewType(transaction, type) && named.some((key) => fixed.has(key)))
				return violation('checklist_changed', {
					record: type._item.parent === items ? 'checklistItem' : 'checklistArea',
					field: named.find((key) => fixed.has(key)),
					label: type._item.parent === items ? label(type._item.parentSub) : undefined
				});
		} else if (type instanceof Y.Array && type._item?.parentSub === 'answers') {
			const owner = type._item.parent;
			if (!(owner instanceof Y.Map) || owner._item?.parent !== items) continue;
			const itemId = owner._item.parentSub;
			for (const raw of addedValues(transaction, type as Y.Array<unknown>)) {
				const problem = checkAnswer(raw, sender, clock, () => label(itemId));
				if (problem !== null) return problem;
			}
		} else if (type === doc.share.get(LIFECYCLE)) {
			for (const raw of addedValues(transaction, type as Y.Array<unknown>)) {
				const entry = parseLifecycleEntry(raw);
				if (entry !== null && !inTime(entry.at, clock))
					return violation('future_time', { record: 'lifecycle', at: entry.at });
			}
		}
	}
	return null;
}

function checkHeader(
	transaction: Y.Transaction,
	header: Y.Map<unknown>,
	keys: readonly string[],
	sender: RuleSender,
	clock: RuleClock,
	context: RoundRuleContext
): Violation | null {
	for (const key of keys) {
		if (key === 'title') continue;
		if (keyAction(transaction, header as AnyType, key) !== 'add')
			return violation('fixed_changed', { record: 'round', field: key });
		const value = header.get(key);
		if (key === 'createdBy') {
			const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
			if (id !== sender.id && (context.indexedCreator === undefined || id !== context.indexedCreator))
				return violation('forged_author', {
					record: 'round',
					claimed: text((value as { name?: unknown } | null)?.name) || undefined
				});
		}
		if (key === 'createdAt' && !inTime(value, clock))
			return violation('future_time', { record: 'round', at: value as number });
	}
	return null;
}

/** A new item's answers (a checklist is made with none; a forged one may bring some). */
function checkNewItem(
	items: Y.Map<unknown>,
	key: string,
	sender: RuleSender,
	clock: RuleClock,
	label: (itemId: string) => string | undefined
): Violation | null {
	const item = items.get(key);
	const answers = item instanceof Y.Map ? item.get('answers') : undefined;
	if (!(answers instanceof Y.Array)) return null;
	for (const raw of answers.toArray() as unknown[]) {
		const problem = checkAnswer(raw, sender, clock, () => label(key));
		if (problem !== null) return problem;
	}
	return null;
}

function checkAnswer(
	raw: unknown,
	sender: RuleSender,
	clock: RuleClock,
	label: () => string | undefined
): Violation | null {
	const entry = parseEntry(raw);
	if (entry === null) return violation('malformed', { record: 'answer', label: label() });
	const problem = checkAuthored(entry, sender, clock, 'answer');
	return problem === null ? null : { ...problem, detail: { ...problem.detail, label: label() } };
}

/** Whether the map held a record before the transaction (one not integrated by it). */
function hadRecords(transaction: Y.Transaction, map: AnyType): boolean {
	for (const item of map._map.values()) if (!isNew(transaction, item)) return true;
	return false;
}

/** "3.2 灭火器材是否完好" for an item of the round, read only when a violation names it. */
function labelOf(doc: Y.Doc, itemId: string | null | undefined): string | undefined {
	if (typeof itemId !== 'string') return undefined;
	const view = readRound(doc);
	return view === null ? undefined : itemLabel(view, itemId) || undefined;
}
