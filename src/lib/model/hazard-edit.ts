import * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import { readHazard, recordOf, type HazardLevel, type HazardView } from './hazard-record.ts';
import * as input from './hazard-input.ts';
import { checkEdit, type DomainOwners, type MemberContext } from './hazard-rules.ts';
import { ensureText } from './late-text.ts';
import { applyTextDiff } from './text.ts';
import {
	deletePhoto,
	mayRemovePhoto,
	pushPhoto,
	readPhotoInfo,
	recordPhotoInfo,
	requireContentHash,
	type DeviceKind
} from './photos.ts';
import * as v from './validate.ts';
import { ModelError } from './errors.ts';

/** Changes to a registered hazard's fields (layout in ledger.ts), each checked against hazard-rules.ts. */

export interface HazardPatch {
	place?: string;
	foundAt?: number;
	domain?: string;
	level?: HazardLevel;
	ownerDept?: string;
	ownerPerson?: string;
	deadline?: string | null;
	funds?: number | null;
	interimMeasures?: string;
	remarks?: string;
}

const CHECKS: { [K in keyof HazardPatch]-?: (value: unknown) => HazardPatch[K] } = {
	place: input.checkPlace,
	foundAt: input.checkFoundAt,
	domain: input.checkDomain,
	level: input.checkLevel,
	ownerDept: input.checkOwnerDept,
	ownerPerson: input.checkOwnerPerson,
	deadline: input.checkDeadline,
	funds: input.checkFunds,
	interimMeasures: input.checkInterim,
	remarks: input.checkRemarks
};

/**
 * Changes plain fields; only the fields given are written, and only if `member` may change every
 * one of them (nothing is written otherwise). Values equal to the stored ones are not rewritten, so
 * saving a form does not overwrite what another device changed in the fields left alone.
 */
export function updateHazard(
	doc: Y.Doc,
	hazardId: string,
	patch: HazardPatch,
	member: MemberContext,
	owners: DomainOwners
): void {
	const who = v.requireActor(member);
	const rec = recordOf(doc, hazardId);
	const view = readHazard(hazardId, rec);
	const changes: [string, unknown][] = [];
	for (const key of Object.keys(patch) as (keyof HazardPatch)[]) {
		if (patch[key] === undefined || !(key in CHECKS)) continue;
		const value = CHECKS[key](patch[key]);
		checkEdit(view, key, member, owners);
		if (value !== view[key]) changes.push([key, value]);
	}
	if (changes.length === 0) return;
	doc.transact(() => {
		for (const [key, value] of changes) rec.set(key, value);
	}, localOrigin(who));
}

/**
 * Sets a long text (`description`, `measures`) to what the field now holds, writing only the changed
 * middle so two people typing at once merge character by character (text.ts).
 */
export function setHazardText(
	doc: Y.Doc,
	hazardId: string,
	field: input.HazardTextField,
	text: string,
	member: MemberContext,
	owners: DomainOwners
): void {
	const who = v.requireActor(member);
	const rec = recordOf(doc, hazardId);
	const view = readHazard(hazardId, rec);
	const value = input.checkLongText(field, text, view[field]);
	checkEdit(view, field, member, owners);
	if (value === view[field]) return;
	const origin = localOrigin(who);
	const target = field === 'measures' ? ensureText(doc, rec, field, 'hazard', origin) : rec.get(field);
	if (!(target instanceof Y.Text))
		throw new ModelError('damaged_record', `hazard has no ${field}`, { record: 'hazard' });
	doc.transact(() => applyTextDiff(target, value), origin);
}

/**
 * Adds a photo of the finding, recording who added it from which kind of device (`photoInfo`, in
 * the same transaction), so devices still waiting for it say whose it is (“待上传（黄春的手机）”).
 */
export function addHazardPhoto(
	doc: Y.Doc,
	hazardId: string,
	hash: string,
	member: MemberContext,
	owners: DomainOwners,
	device: DeviceKind,
	now: number = Date.now()
): void {
	requireContentHash(hash);
	const at = v.requireTimestamp(now, 'time');
	editPhotos(doc, hazardId, member, owners, (photos, who) => {
		if (photos.toArray().includes(hash)) return;
		recordPhotoInfo(doc, hash, { by: who.id, byName: who.name, device, at });
		pushPhoto(photos, hash);
	});
}

/** Takes a photo of the finding off; only the member who added it may (`not_author`). */
export function removeHazardPhoto(
	doc: Y.Doc,
	hazardId: string,
	hash: string,
	member: MemberContext,
	owners: DomainOwners
): void {
	if (!mayRemovePhoto({ hash, info: readPhotoInfo(doc, hash) }, member.id))
		throw new ModelError('not_author', 'only the member who added a photo may remove it', {
			field: 'photo'
		});
	editPhotos(doc, hazardId, member, owners, (photos) => deletePhoto(photos, hash));
}

function editPhotos(
	doc: Y.Doc,
	hazardId: string,
	member: MemberContext,
	owners: DomainOwners,
	edit: (photos: Y.Array<string>, who: Actor) => void
): void {
	const who = v.requireActor(member);
	const rec = recordOf(doc, hazardId);
	checkEdit(readHazard(hazardId, rec), 'photos', member, owners);
	const photos = rec.get('photos');
	if (!(photos instanceof Y.Array))
		throw new ModelError('damaged_record', 'hazard has no photo list', { record: 'hazard' });
	doc.transact(() => edit(photos as Y.Array<string>, who), localOrigin(who));
}

export interface ReportInput {
	/** The report's reference (文号); may be empty. */
	ref?: string;
	/** When it was reported. Default: now. */
	at?: number;
}

/** Records the report of a 重大 hazard to the education bureau (due within 24 h of finding it). */
export function reportHazard(
	doc: Y.Doc,
	hazardId: string,
	report: ReportInput,
	member: MemberContext,
	owners: DomainOwners
): void {
	const who = v.requireActor(member);
	const rec = recordOf(doc, hazardId);
	const view: HazardView = readHazard(hazardId, rec);
	checkEdit(view, 'report', member, owners);
	if (view.level !== '重大')
		throw new ModelError('not_major', 'only a 重大 hazard is reported to the bureau', { field: 'level' });
	const at = v.requireTimestamp(report.at ?? Date.now(), 'time');
	const ref = input.checkReportRef(report.ref);
	doc.transact(() => {
		rec.set('reportedAt', at);
		rec.set('reportedBy', who);
		rec.set('reportRef', ref);
	}, localOrigin(who));
}
