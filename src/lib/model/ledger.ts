import * as Y from 'yjs';
import { localOrigin } from './origin.ts';
import { HAZARD_MOVES, type HazardMove, type TransitionEntry } from './hazard-fold.ts';
import {
	cmp,
	hazards,
	logOf,
	plainField,
	readHazard,
	recordOf as record,
	type HazardLevel,
	type HazardSource,
	type HazardView
} from './hazard-record.ts';
import { issueHazardNumber, requireDeviceCode } from './hazard-number.ts';
import * as input from './hazard-input.ts';
import {
	COMMENT_MAX,
	canRegister,
	checkMove,
	type DomainOwners,
	type MemberContext,
	type MoveInput
} from './hazard-rules.ts';
import { pushPhoto, recordPhotoInfo, requireContentHash, type DeviceKind, type PhotoRef } from './photos.ts';
import { nextAt } from './time.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';
import { report, type ReadProblem } from './read.ts';

export * from './hazard-fold.ts';
export * from './hazard-rules.ts';
export * from './hazard-edit.ts';
export {
	HAZARD_LEVELS,
	hazardReads,
	type BureauReport,
	type HazardLevel,
	type HazardItemLink,
	type HazardSource,
	type HazardView,
	type StepRecord
} from './hazard-record.ts';
export { deviceCode, findNumberClashes, parseHazardNumber } from './hazard-number.ts';

/**
 * The `ledger` document (隐患排查治理台账):
 *
 *   hazards  Y.Map<hazardId, Y.Map>  one record per hazard (below)
 *   counters Y.Map<`${device}/${YYYY-MM}`, number>  the last number each device issued in a month
 *
 * A record holds, by how it merges:
 * - CRDT containers, created with the record: `description` and `measures` (Y.Text: the finder and
 *   the office, or the office and the department, write them together, and concurrent typing must
 *   merge character by character), `photos` (Y.Array<hash>, a union), `log` (Y.Array of transitions,
 *   append-only; the state is a fold over it, hazard-fold.ts). `measures` is new in version 2; an old
 *   record gets it on first edit without the lazy-creation race (late-text.ts).
 * - Plain last-writer-wins fields: number, createdAt, foundAt, place, foundBy, domain, level,
 *   ownerDept, ownerPerson, deadline, funds, interimMeasures, remarks, source, reportedAt,
 *   reportedBy, reportRef. They are short and written by one person at a time (who may write which:
 *   hazard-rules.ts), so a whole-value edit is what people mean by changing one. A record is
 *   registered with all of them in one plain object, `init`, never rewritten; a later edit sets the
 *   field's own key, which then wins over `init` (and over other devices' concurrent edits of that
 *   field alone, last writer wins). One object instead of fifteen keys makes a record seven Yjs
 *   structs instead of twenty-two, which is most of what loading 10,000 entries costs. Records of
 *   version 1 hold every field at its own key and no `init`; the same reader serves both.
 *   ownerPerson, funds, interimMeasures, remarks, reportedBy and reportRef are new in version 2 and
 *   may be absent: readers default them.
 *
 * The rectification record and photos, the re-inspection (by, at, result), the reason it is not
 * fixed with its new deadline, and the close (销号) are transitions of the log, each with who, when,
 * comment and photos; the view reads them from the applied entries.
 */
export interface RegisterHazardInput {
	place: string;
	description: string;
	/** Default: now. */
	foundAt?: number;
	/** A duty domain id (duty.ts); '' when not yet assigned. */
	domain?: string;
	/** Default '一般'. */
	level?: HazardLevel;
	/** A department id (duty.ts); '' when not yet assigned. */
	ownerDept?: string;
	ownerPerson?: string;
	/** YYYY-MM-DD, or null. */
	deadline?: string | null;
	measures?: string;
	/** Yuan, or null. */
	funds?: number | null;
	interimMeasures?: string;
	remarks?: string;
	photos?: string[];
	/** The failed checklist item it comes from (round-hazard.ts); its titles may be left out. */
	source?: Partial<HazardSource> & Pick<HazardSource, 'roundId' | 'itemId'>;
	/** Default: a random UUID. */
	id?: string;
}

type Rec = Y.Map<unknown>;

export interface RegisterOptions {
	/**
	 * The last count of this month the device remembers issuing in `space`, kept outside the
	 * document so that the device's tabs never issue one number twice (hazard-number.ts). Default 0.
	 */
	lastIssued?: number;
	/**
	 * Who added each of `photos`, recorded in the ledger's `photoInfo` in the registering
	 * transaction: a failed item's photos keep their authors (the inspector who took them may be
	 * another than the one who registers). Photos without one here have no author recorded.
	 */
	photoAuthors?: readonly PhotoRef[];
	/**
	 * The kind of device the registering member is on: the photos `photoAuthors` says nothing of
	 * (a quick report's own) are recorded as theirs, taken there.
	 */
	device?: DeviceKind;
}

/**
 * Registers a hazard, numbered in this device's space (`space`, hazard-number.ts). Reads and writes
 * only the new record and one counter: O(1), however long the ledger.
 */
export function registerHazard(
	doc: Y.Doc,
	data: RegisterHazardInput,
	member: MemberContext,
	space: string,
	now: number = Date.now(),
	options: RegisterOptions = {}
): HazardView {
	const who = v.requireActor(member);
	if (!canRegister(member))
		throw new ModelError('not_allowed', `${member.role} may not register hazards`, { record: 'hazard' });
	requireDeviceCode(space);
	const id = data.id === undefined ? v.newId() : v.requireId(data.id, 'hazardId');
	if (hazards(doc).has(id))
		throw new ModelError('already_exists', `hazard already exists: ${id}`, { record: 'hazard' });
	const fields = {
		place: input.checkPlace(data.place),
		foundAt: input.checkFoundAt(data.foundAt ?? now),
		domain: input.checkDomain(data.domain),
		level: data.level === undefined ? '一般' : input.checkLevel(data.level),
		ownerDept: input.checkOwnerDept(data.ownerDept),
		ownerPerson: input.checkOwnerPerson(data.ownerPerson),
		deadline: input.checkDeadline(data.deadline ?? null),
		funds: input.checkFunds(data.funds ?? null),
		interimMeasures: input.checkInterim(data.interimMeasures),
		remarks: input.checkRemarks(data.remarks),
		source: data.source ? input.checkSource(data.source) : null,
		reportedAt: null
	};
	const description = v.requireText(data.description, 'description', input.DESCRIPTION_MAX);
	const measures = input.checkLongText('measures', data.measures ?? '', '');
	const photos = (data.photos ?? []).map(requireContentHash);
	v.requireTimestamp(now, 'time');
	doc.transact(() => {
		const number = issueHazardNumber(doc, space, now, options.lastIssued);
		const rec: Rec = new Y.Map();
		hazards(doc).set(id, rec);
		rec.set('init', { ...fields, number, createdAt: now, foundBy: who });
		rec.set('description', new Y.Text(description));
		rec.set('measures', new Y.Text(measures));
		const photoList = new Y.Array<string>();
		rec.set('photos', photoList);
		for (const hash of photos) pushPhoto(photoList, hash);
		const authors = new Map((options.photoAuthors ?? []).map((ref) => [ref.hash, ref.info]));
		for (const hash of photos) {
			const own = options.device ? { by: who.id, byName: who.name, device: options.device, at: now } : null;
			const info = authors.has(hash) ? authors.get(hash) : own;
			if (info) recordPhotoInfo(doc, hash, info);
		}
		rec.set('log', new Y.Array<TransitionEntry>());
	}, localOrigin(who));
	return readHazard(id, record(doc, id));
}

export interface MoveOptions extends MoveInput {
	/** Default: now. */
	now?: number;
	/**
	 * The kind of device the move's photos were taken on: their authors are recorded (`photoInfo`)
	 * with it, so devices still waiting for a photo say whose it is. Without it (tools, old callers)
	 * no author is recorded.
	 */
	device?: DeviceKind;
	/** Default: a random UUID. */
	id?: string;
}

/**
 * Makes `move` on a hazard: appends its transition (who, when, comment, photos) after checking it
 * against the state this device sees and the member's rights (`checkMove`). Whether it stays applied
 * after merging with other devices is for the fold to decide. A rejection with a new deadline also
 * sets the hazard's deadline.
 */
export function moveHazard(
	doc: Y.Doc,
	hazardId: string,
	move: HazardMove,
	member: MemberContext,
	owners: DomainOwners,
	options: MoveOptions = {}
): TransitionEntry {
	const who = v.requireActor(member);
	const rec = record(doc, hazardId);
	const log = logOf(rec);
	const view = readHazard(hazardId, rec);
	checkMove(view, move, member, owners, options);
	const field = move === 'submit' ? 'rectification' : move === 'reject' ? 'reason' : 'comment';
	const deadline = options.deadline == null ? null : v.requireIsoDate(options.deadline, 'deadline');
	const entry: TransitionEntry = {
		id: options.id === undefined ? v.newId() : v.requireId(options.id, 'hazardId'),
		...HAZARD_MOVES[move],
		by: who.id,
		byName: who.name,
		// After every entry seen, so this move folds after the state it was made from.
		at: nextAt(v.requireTimestamp(options.now ?? Date.now(), 'time'), view.timeline),
		comment: v.optionalText(options.comment, field, COMMENT_MAX),
		photos: (options.photos ?? []).map(requireContentHash),
		deadline
	};
	const device = options.device;
	doc.transact(() => {
		if (device !== undefined)
			for (const hash of entry.photos)
				recordPhotoInfo(doc, hash, { by: who.id, byName: who.name, device, at: entry.at });
		log.push([entry]);
		if (deadline !== null) rec.set('deadline', deadline);
	}, localOrigin(who));
	return entry;
}

/** One hazard by id, reading that record alone; null when there is none (or it is not a record). */
export function getHazard(doc: Y.Doc, hazardId: string, problems?: ReadProblem[]): HazardView | null {
	const rec = hazards(doc).get(hazardId);
	return rec instanceof Y.Map ? readHazard(hazardId, rec, problems) : null;
}

/**
 * Every hazard, latest found first, then by number and id: a full read, for tools and tests (the
 * app keeps a `LedgerIndex`). Never throws on a damaged record: it is skipped or read in part, and
 * reported to `problems` when given (see read.ts).
 */
export function listHazards(doc: Y.Doc, problems?: ReadProblem[]): HazardView[] {
	const views: HazardView[] = [];
	hazards(doc).forEach((rec, id) => {
		if (rec instanceof Y.Map) views.push(readHazard(id, rec, problems));
		else report(problems, { record: 'hazard', id });
	});
	return views.sort(compareDefault);
}

/** The ledger's default order: latest found first, then by number and id. */
export function compareDefault(a: HazardView, b: HazardView): number {
	return b.foundAt - a.foundAt || cmp(a.number, b.number) || cmp(a.id, b.id);
}

/**
 * Hazards registered from one checklist item, so a failed item links to its entry instead of a
 * duplicate. Looks at each record's `source` only, and reads the matches.
 */
export function findHazardsBySource(doc: Y.Doc, roundId: string, itemId: string): HazardView[] {
	const out: HazardView[] = [];
	hazards(doc).forEach((rec, id) => {
		if (!(rec instanceof Y.Map)) return;
		const source = plainField(rec, 'source') as Partial<HazardSource> | null | undefined;
		if (source?.roundId === roundId && source.itemId === itemId) out.push(readHazard(id, rec));
	});
	return out.sort(compareDefault);
}
