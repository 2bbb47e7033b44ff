import type * as Y from 'yjs';
import { isValidId } from './documents.ts';
import { initRound, readRound, setRoundTitle } from './inspection.ts';
import {
	addRoundToIndex,
	getRoundSummary,
	getTemplate,
	getTemplateVersion,
	renameIndexedRound,
	type RoundSummary
} from './meta.ts';
import type { Actor } from './origin.ts';
import { SEED_TEMPLATE } from './templates.ts';
import { newId } from './validate.ts';
import { ModelError } from './errors.ts';

/**
 * Rounds span two documents: the round itself (`inspection/<id>`) and its entry in the `meta` index.
 * Yjs has no transaction across documents, so creating a round is two transactions, and another device
 * may see either half first. Both halves are safe on their own:
 *  - an index entry without its document: the entry carries the template id and version, so any device
 *    can initialise the round from it (`ensureRound`) and gets byte-identical content to the creator's
 *    (round-body.ts), which merges with it when it arrives;
 *  - a document without its index entry: the round document carries its own title, month, creator and
 *    template, so the entry can be rebuilt from it (`reindexRound`).
 * The round document is written first, so the creator's index never points at nothing locally.
 */

export interface CreateRoundInput {
	title: string;
	month: string;
	/** Default: the seed template, in its newest published version. */
	templateId?: string;
	actor: Actor;
	/** Default: a random UUID. */
	id?: string;
	/** Default: `Date.now()`. */
	now?: number;
}

/**
 * Creates a round in `roundDoc` and indexes it in `metaDoc`. `roundDoc` may be a fresh `Y.Doc` not yet
 * bound to a provider: bind it to `inspection/<summary.id>` afterwards and its content syncs up.
 */
export function createRound(metaDoc: Y.Doc, roundDoc: Y.Doc, input: CreateRoundInput): RoundSummary {
	const templateId = input.templateId ?? SEED_TEMPLATE.id;
	const template = getTemplate(metaDoc, templateId);
	if (template === null)
		throw new ModelError('unknown_record', `unknown template: ${templateId}`, { record: 'template' });
	const id = input.id ?? newId();
	if (readRound(roundDoc) !== null)
		throw new ModelError('already_initialised', 'round document is already initialised', { record: 'round' });
	initRound(roundDoc, {
		id,
		title: input.title,
		month: input.month,
		template,
		actor: input.actor,
		now: input.now
	});
	const summary = summaryOf(roundDoc);
	if (summary === null)
		throw new ModelError('not_initialised', 'round was not initialised', { record: 'round' });
	addRoundToIndex(metaDoc, summary, input.actor);
	return summary;
}

/**
 * Makes sure `roundDoc` holds the round indexed as `roundId`, initialising it from the index entry if
 * it is empty, from the very version of the template the creator used (every published version is
 * kept). Returns false when that cannot be done identically to the creator (no entry, this device
 * lacks that version, or holds two publications of its number); the caller then waits for the
 * round to sync.
 */
export function ensureRound(metaDoc: Y.Doc, roundDoc: Y.Doc, roundId: string): boolean {
	if (readRound(roundDoc) !== null) return true;
	const summary = getRoundSummary(metaDoc, roundId);
	if (summary === null || summary.templateId === undefined) return false;
	if (summary.templateVersion === undefined) return false;
	const template = getTemplateVersion(metaDoc, summary.templateId, summary.templateVersion);
	if (template === null) return false;
	initRound(roundDoc, {
		id: summary.id,
		title: summary.title,
		month: summary.month,
		template,
		// The creator, not the opener: the header must be identical to the creator's to merge with it.
		actor: summary.createdBy,
		now: summary.createdAt
	});
	return true;
}

/** Re-adds a round's index entry from the round document itself. */
export function reindexRound(metaDoc: Y.Doc, roundDoc: Y.Doc, actor: Actor): RoundSummary | null {
	const summary = summaryOf(roundDoc);
	if (summary !== null) addRoundToIndex(metaDoc, summary, actor);
	return summary;
}

/** Renames a round in both documents. */
export function renameRound(metaDoc: Y.Doc, roundDoc: Y.Doc, title: string, actor: Actor): void {
	const round = readRound(roundDoc);
	if (round === null)
		throw new ModelError('not_initialised', 'round is not initialised', { record: 'round' });
	setRoundTitle(roundDoc, title, actor);
	if (getRoundSummary(metaDoc, round.id) !== null) renameIndexedRound(metaDoc, round.id, title, actor);
}

export function newRoundId(): string {
	return newId();
}

function summaryOf(roundDoc: Y.Doc): RoundSummary | null {
	const round = readRound(roundDoc);
	if (round === null || !isValidId(round.id)) return null;
	return {
		id: round.id,
		title: round.title,
		month: round.month,
		createdAt: round.createdAt,
		createdBy: round.createdBy,
		templateId: round.templateId,
		templateVersion: round.templateVersion
	};
}
