import * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { num, text } from './read.ts';

/**
 * The `plan` document (实施方案):
 *
 *   body      Y.XmlFragment  the plan text, bound to the rich-text editor
 *   versions  Y.Map<versionId, Y.Map>  name, at, by, byName, update (Uint8Array)
 *
 * A version stores `Y.encodeStateAsUpdate` of a scratch document holding a copy of the body only, not
 * of this document: the latter would carry every earlier version inside each new one and the history
 * of every keystroke, growing without bound.
 */
export const PLAN_FRAGMENT = 'body';
const VERSIONS = 'versions';
export const VERSION_NAME_MAX = 60;

export interface PlanVersion {
	id: string;
	name: string;
	at: number;
	by: string;
	byName: string;
	/** Size of the stored snapshot in bytes. */
	size: number;
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
	const scratch = new Y.Doc();
	// A detached copy that is only ever read back: a fixed client id makes the same body encode to
	// the same bytes (a random id would vary the size by a few bytes of varint).
	scratch.clientID = 1;
	copyChildren(planBody(doc), planBody(scratch));
	const update = Y.encodeStateAsUpdate(scratch);
	doc.transact(() => {
		const rec: Rec = new Y.Map();
		doc.getMap<Rec>(VERSIONS).set(id, rec);
		rec.set('name', versionName);
		rec.set('at', now);
		rec.set('by', who.id);
		rec.set('byName', who.name);
		rec.set('update', update);
	}, localOrigin(who));
	return { id, name: versionName, at: now, by: who.id, byName: who.name, size: update.byteLength };
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
			size: update instanceof Uint8Array ? update.byteLength : 0
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

/**
 * Replaces the body with a version's. Edits made concurrently elsewhere survive next to the restored
 * text (they are not lost, at worst duplicated), which is why restoring is a deliberate, named action.
 */
export function restoreVersion(doc: Y.Doc, versionId: string, actor: Actor): void {
	const source = planBody(loadVersion(doc, versionId));
	const body = planBody(doc);
	doc.transact(
		() => {
			if (body.length > 0) body.delete(0, body.length);
			copyChildren(source, body);
		},
		localOrigin(v.requireActor(actor))
	);
}

function copyChildren(from: Y.XmlFragment, to: Y.XmlFragment): void {
	// XmlHook is missing from insert()'s declared type but is a valid child at runtime; keep it.
	const copies = from.toArray().map((node) => node.clone()) as (Y.XmlElement | Y.XmlText)[];
	if (copies.length > 0) to.insert(to.length, copies);
}
