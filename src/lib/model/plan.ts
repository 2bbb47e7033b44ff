import { diffArrays } from 'diff';
import * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { num, text } from './read.ts';

/**
 * The `plan` document (实施方案):
 *
 *   body      Y.XmlFragment  the plan text, bound to the rich-text editor
 *   versions  Y.Map<versionId, Y.Map>  name, at, by, byName, update (Uint8Array), auto
 *
 * A version stores `Y.encodeStateAsUpdate` of a scratch document holding a copy of the body only, not
 * of this document: the latter would carry every earlier version inside each new one and the history
 * of every keystroke, growing without bound. The number of versions is bounded too: at most
 * `VERSIONS_MAX` named ones (saving more is refused until a leader deletes some), and the newest
 * `AUTO_VERSIONS_KEPT` automatic ones (older ones go when a new one is saved). A deleted version's
 * bytes leave the document at the next garbage collection (Yjs keeps a tombstone of a few bytes).
 */
export const PLAN_FRAGMENT = 'body';
const VERSIONS = 'versions';
export const VERSION_NAME_MAX = 60;
/** Named versions a plan keeps; a school saves a few a year. */
export const VERSIONS_MAX = 100;
/** Automatic versions (the text before a restore) kept, newest first. */
export const AUTO_VERSIONS_KEPT = 10;

/**
 * Why a version was saved by the app rather than by a person: `restore` is the text as it stood
 * just before a restore, and its `name` is the name of the version restored.
 */
export type PlanVersionAuto = 'restore';

export interface PlanVersion {
	id: string;
	name: string;
	at: number;
	by: string;
	byName: string;
	/** Size of the stored snapshot in bytes. */
	size: number;
	/** Null for a version a person named. */
	auto: PlanVersionAuto | null;
}

type Rec = Y.Map<unknown>;

export function planBody(doc: Y.Doc): Y.XmlFragment {
	return doc.getXmlFragment(PLAN_FRAGMENT);
}

/** Saves the current body as a named version, e.g. "2026 秋季修订". */
export function saveVersion(
	doc: Y.Doc,
	name: string,
	actor: Actor,
	now: number = Date.now(),
	id: string = v.newId()
): PlanVersion {
	const versionName = v.requireText(name, 'versionName', VERSION_NAME_MAX);
	const who = v.requireActor(actor);
	v.requireTimestamp(now, 'time');
	v.requireId(id, 'versionId');
	if (listVersions(doc).filter((version) => version.auto === null).length >= VERSIONS_MAX)
		throw new ModelError('too_many', `a plan keeps at most ${VERSIONS_MAX} versions`, {
			record: 'planVersion',
			max: VERSIONS_MAX
		});
	let saved: PlanVersion | undefined;
	doc.transact(() => {
		saved = store(doc, { id, name: versionName, at: now, by: who.id, byName: who.name, auto: null });
	}, localOrigin(who));
	return saved as PlanVersion;
}

/** Versions, newest first. */
export function listVersions(doc: Y.Doc): PlanVersion[] {
	const out: PlanVersion[] = [];
	doc.getMap<Rec>(VERSIONS).forEach((rec, id) => {
		if (!(rec instanceof Y.Map)) return;
		const update = rec.get('update');
		out.push({
			id,
			name: text(rec.get('name')),
			at: num(rec.get('at')),
			by: text(rec.get('by')),
			byName: text(rec.get('byName')),
			size: update instanceof Uint8Array ? update.byteLength : 0,
			auto: rec.get('auto') === 'restore' ? 'restore' : null
		});
	});
	return out.sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A detached document holding the version's body (read it with `planBody`), e.g. to compare. */
export function loadVersion(doc: Y.Doc, versionId: string): Y.Doc {
	const update = doc.getMap<Rec>(VERSIONS).get(versionId)?.get('update');
	if (!(update instanceof Uint8Array))
		throw new ModelError('unknown_record', `unknown plan version: ${versionId}`, { record: 'planVersion' });
	const scratch = new Y.Doc();
	try {
		Y.applyUpdate(scratch, update);
	} catch {
		// Bytes another device stored that Yjs cannot read: a damaged version, not a crash.
		throw new ModelError('damaged_record', `unreadable plan version: ${versionId}`, {
			record: 'planVersion'
		});
	}
	return scratch;
}

/** Whether the body reads exactly as the version (same blocks, text, levels and marks). */
export function sameAsVersion(doc: Y.Doc, versionId: string): boolean {
	return planBody(loadVersion(doc, versionId)).toString() === planBody(doc).toString();
}

/**
 * Makes the body read as a version's, as one new change: the history is kept, and so is the text
 * as it was, saved first as an automatic version (unless the newest version already holds it).
 * Returns that automatic version, or null when the body already reads as the version (nothing
 * is written).
 *
 * Only the top-level blocks that differ are removed and inserted; blocks the version shares with
 * the current text stay the same Yjs items. So what someone else types at the same time (or
 * offline) into a block the restore leaves alone survives; typing into a block the restore
 * replaces or removes goes with that block (Yjs drops edits inside a deleted element), and new
 * blocks written elsewhere stay beside the restored text. That is why restoring asks first.
 */
export function restoreVersion(
	doc: Y.Doc,
	versionId: string,
	actor: Actor,
	now: number = Date.now(),
	autoId: string = v.newId()
): PlanVersion | null {
	const name = listVersions(doc).find((version) => version.id === versionId)?.name ?? '';
	return restoreBody(doc, planBody(loadVersion(doc, versionId)), name, actor, now, autoId);
}

/**
 * Makes the body read as `source` (a version's body, or the plan as it stood at a time: as-of.ts),
 * as `restoreVersion` says: the text as it was is kept first as an automatic version named `name`
 * (what was restored), then only the differing top-level blocks are replaced, in one transaction.
 * Returns the automatic version, or null when the body already reads as `source`.
 */
export function restoreBody(
	doc: Y.Doc,
	source: Y.XmlFragment,
	name: string,
	actor: Actor,
	now: number = Date.now(),
	autoId: string = v.newId()
): PlanVersion | null {
	const who = v.requireActor(actor);
	const body = planBody(doc);
	if (source.toString() === body.toString()) return null;
	const newest = listVersions(doc)[0];
	const keptAlready = newest !== undefined && sameAsVersion(doc, newest.id);
	let saved: PlanVersion | null = null;
	doc.transact(() => {
		if (!keptAlready) {
			saved = store(doc, {
				id: autoId,
				name: name.slice(0, VERSION_NAME_MAX),
				at: now,
				by: who.id,
				byName: who.name,
				auto: 'restore'
			});
			pruneAutoVersions(doc);
		}
		replaceDifferentBlocks(body, source);
	}, localOrigin(who));
	return saved;
}

/**
 * How many top-level blocks a restore to `source` would replace, add or remove: within a run of
 * changes, a block removed and one added in its place count once (a paragraph rewritten).
 */
export function differingBlocks(body: Y.XmlFragment, source: Y.XmlFragment): number {
	const changes = diffArrays(
		body.toArray().map((node) => node.toString()),
		source.toArray().map((node) => node.toString())
	);
	let total = 0;
	let removed = 0;
	let added = 0;
	for (const change of [...changes, null]) {
		if (change?.removed) removed += change.count;
		else if (change?.added) added += change.count;
		else {
			total += Math.max(removed, added);
			removed = added = 0;
		}
	}
	return total;
}

/** Deletes a version (a leader's choice, see permissions.ts); the plan's text is not touched. */
export function deleteVersion(doc: Y.Doc, versionId: string, actor: Actor): void {
	const versions = doc.getMap<Rec>(VERSIONS);
	if (!versions.has(versionId))
		throw new ModelError('unknown_record', `unknown plan version: ${versionId}`, { record: 'planVersion' });
	doc.transact(() => versions.delete(versionId), localOrigin(v.requireActor(actor)));
}

function store(doc: Y.Doc, version: Omit<PlanVersion, 'size'>): PlanVersion {
	const scratch = new Y.Doc();
	// A detached copy that is only ever read back: a fixed client id makes the same body encode to
	// the same bytes (a random id would vary the size by a few bytes of varint).
	scratch.clientID = 1;
	copyChildren(planBody(doc).toArray(), planBody(scratch));
	const update = Y.encodeStateAsUpdate(scratch);
	const rec: Rec = new Y.Map();
	doc.getMap<Rec>(VERSIONS).set(version.id, rec);
	rec.set('name', version.name.slice(0, VERSION_NAME_MAX));
	rec.set('at', version.at);
	rec.set('by', version.by);
	rec.set('byName', version.byName);
	rec.set('update', update);
	if (version.auto !== null) rec.set('auto', version.auto);
	return { ...version, size: update.byteLength };
}

function pruneAutoVersions(doc: Y.Doc): void {
	const versions = doc.getMap<Rec>(VERSIONS);
	const auto = listVersions(doc).filter((version) => version.auto !== null);
	for (const old of auto.slice(AUTO_VERSIONS_KEPT)) versions.delete(old.id);
}

/** Turns `body` into a copy of `source`, removing and inserting only the top-level blocks that differ. */
function replaceDifferentBlocks(body: Y.XmlFragment, source: Y.XmlFragment): void {
	const before = body.toArray().map((node) => node.toString());
	const wanted = source.toArray();
	let at = 0;
	let from = 0;
	for (const change of diffArrays(
		before,
		wanted.map((node) => node.toString())
	)) {
		const count = change.count;
		if (change.removed) body.delete(at, count);
		else if (change.added) {
			copyChildren(wanted.slice(from, from + count), body, at);
			at += count;
			from += count;
		} else {
			at += count;
			from += count;
		}
	}
}

function copyChildren(
	nodes: readonly (Y.XmlElement | Y.XmlText | Y.XmlHook)[],
	to: Y.XmlFragment,
	index = to.length
): void {
	// XmlHook is missing from insert()'s declared type but is a valid child at runtime; keep it.
	const copies = nodes.map((node) => node.clone()) as (Y.XmlElement | Y.XmlText)[];
	if (copies.length > 0) to.insert(index, copies);
}
