import { ANSWER_VALUES } from '../answers.ts';
import { parseStats } from '../derived.ts';
import type { DocumentKind } from '../documents.ts';
import { DRILL_KINDS, DRILL_MODES } from '../drills.ts';
import { HAZARD_STATES } from '../hazard-fold.ts';
import { HAZARD_LEVELS } from '../hazard-record.ts';
import { DRILL_FREQUENCIES } from '../meta.ts';
import { parseRule } from '../compliance.ts';
import { isStringList } from '../duty-leadership.ts';
import { parseRejection } from '../plan-rejections.ts';
import { MIGRATIONS_KEY } from '../migrations.ts';
import { PHOTO_INFO, isPhotoInfo } from '../photos.ts';
import { COMMENTS, isCommentAnchor, parseCommentEntry } from '../plan-comments.ts';
import { DECISIONS, DECISION_STATUSES } from '../plan-decisions.ts';
import { LIFECYCLE, LIFECYCLE_KINDS } from '../round-lifecycle.ts';
import { SIGNATURE_MAX_BYTES, parseSignature, signatureBytes } from '../signature.ts';
import { TEAM, isTeamValue } from '../round-team.ts';
import { HAZARD_LINKS, parseItemHazardLink } from '../round-hazard.ts';
import { parseSchedule } from '../schedule.ts';
import { DRAFTS, VERSIONS, parsePublished } from '../template-store.ts';
import { isFiniteNumber, isString } from '../read.ts';
import { isIsoDate } from '../validate.ts';
import { collection, list, record, required, text, value, xml, type DocumentSchema } from './shape.ts';

/**
 * The structure of every kind of document, as the model writes it (each module's header comment
 * describes its layout; this is the same layout, checkable). A field added later must be optional
 * here: an old offline device keeps creating records without it.
 */

const str = value(isString);
const num = value(isFiniteNumber);
const bool = value((v) => typeof v === 'boolean');
const oneOf = (values: readonly unknown[]) => value((v) => values.includes(v));
const nullable = (test: (v: unknown) => boolean) => value((v) => v === null || test(v));
const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
/** A plain object whose named keys hold what their tests accept (other keys are free). */
const object =
	(fields: Record<string, (v: unknown) => boolean>) =>
	(v: unknown): boolean =>
		isObject(v) && Object.entries(fields).every(([key, test]) => test(v[key]));
const isActor = object({ id: isString, name: isString });
const optional = (test: (v: unknown) => boolean) => (v: unknown) => v === undefined || test(v);
const isState = (v: unknown) => (HAZARD_STATES as readonly unknown[]).includes(v);

const migrations = collection(bool);
/** Who added each photo (photos.ts), in every document whose records hold photos. */
const photoInfo = collection(value(isPhotoInfo));

const answerEntry = value(
	object({
		id: isString,
		value: (v) => v === null || ANSWER_VALUES.includes(v as never),
		by: isString,
		byName: optional(isString),
		at: isFiniteNumber
	})
);

const transition = value(
	object({
		id: isString,
		from: isState,
		to: isState,
		by: optional(isString),
		byName: optional(isString),
		at: isFiniteNumber,
		comment: optional(isString),
		photos: optional((v) => Array.isArray(v) && v.every(isString)),
		deadline: optional((v) => v === null || isString(v))
	})
);

/** A round's lifecycle entry (round-lifecycle.ts); a signature within its size cap. */
const lifecycleEntry = value(
	object({
		id: isString,
		kind: (v) => LIFECYCLE_KINDS.includes(v as never),
		by: isString,
		byName: optional(isString),
		at: isFiniteNumber,
		reason: optional(isString),
		signature: optional(
			(v) => parseSignature(v) !== null && signatureBytes(v as never) <= SIGNATURE_MAX_BYTES
		)
	})
);

export const INSPECTION_SCHEMA: DocumentSchema = {
	round: record({
		id: str,
		title: str,
		month: str,
		createdAt: num,
		createdBy: value(isActor),
		templateId: str,
		templateVersion: num
	}),
	areas: collection(record({ title: str, order: num, templateAreaId: str })),
	items: collection(
		record({
			areaId: str,
			text: str,
			order: num,
			templateItemId: str,
			answers: required(list(answerEntry)),
			note: required(text),
			photos: required(list(str))
		})
	),
	[PHOTO_INFO]: photoInfo,
	[LIFECYCLE]: list(lifecycleEntry),
	// Optional: rounds made before teams have none (round-team.ts).
	[TEAM]: collection(value(isTeamValue)),
	// Optional: rounds made before hazard links have none (round-hazard.ts).
	[HAZARD_LINKS]: collection(value((v) => parseItemHazardLink(v) !== null)),
	[MIGRATIONS_KEY]: migrations
};

export const META_SCHEMA: DocumentSchema = {
	workspace: record({
		name: str,
		createdAt: num,
		createdBy: value(isActor),
		drillFrequency: oneOf(DRILL_FREQUENCIES),
		inspectionSchedule: value((v) => parseSchedule(v) !== null)
	}),
	templates: collection(
		record({
			id: str,
			version: num,
			title: str,
			areas: collection(
				record({ title: str, order: num, items: collection(record({ text: str, order: num })) })
			)
		})
	),
	[DRAFTS]: collection(
		record({
			title: str,
			areas: collection(record({ title: str, order: num, retired: bool })),
			items: collection(record({ areaId: str, text: str, order: num, retired: bool }))
		})
	),
	[VERSIONS]: collection(value((v) => parsePublished(v) !== null)),
	rounds: collection(
		record({
			id: str,
			title: str,
			month: str,
			createdAt: num,
			createdBy: value(isActor),
			templateId: str,
			templateVersion: num
		})
	),
	roundStats: collection(value((v) => parseStats(v) !== null)),
	docVersions: collection(num),
	// The plan's rules as accepted (compliance.ts); optional, as every root added later.
	compliance: collection(value((v) => parseRule(v) !== null)),
	[MIGRATIONS_KEY]: migrations
};

/** A hazard's fields as registered (ledger.ts); a field edited later is also a key of its own. */
const hazardFields = {
	number: isString,
	createdAt: isFiniteNumber,
	foundAt: isFiniteNumber,
	place: isString,
	foundBy: isActor,
	domain: isString,
	level: (v: unknown) => (HAZARD_LEVELS as readonly unknown[]).includes(v),
	ownerDept: isString,
	ownerPerson: isString,
	deadline: (v: unknown) => v === null || isString(v),
	funds: (v: unknown) => v === null || isFiniteNumber(v),
	interimMeasures: isString,
	remarks: isString,
	source: (v: unknown) => v === null || object({ roundId: isString, itemId: isString })(v),
	reportedAt: (v: unknown) => v === null || isFiniteNumber(v)
};

export const LEDGER_SCHEMA: DocumentSchema = {
	hazards: collection(
		record({
			// Version 2 registers every plain field in one object (fewer structs: a 10,000-entry ledger
			// loads several times faster); each may be missing, as newer apps may leave some out.
			init: value(
				object(Object.fromEntries(Object.entries(hazardFields).map(([key, test]) => [key, optional(test)])))
			),
			number: str,
			createdAt: num,
			foundAt: num,
			place: str,
			foundBy: value(isActor),
			domain: str,
			level: oneOf(HAZARD_LEVELS),
			ownerDept: str,
			deadline: nullable(isString),
			source: nullable(object({ roundId: isString, itemId: isString })),
			reportedAt: nullable(isFiniteNumber),
			description: required(text),
			photos: required(list(str)),
			log: required(list(transition)),
			// Version 2 (optional: devices of version 1 create records without them; see ledger.ts).
			measures: text,
			ownerPerson: str,
			funds: nullable(isFiniteNumber),
			interimMeasures: str,
			remarks: str,
			reportedBy: value(isActor),
			reportRef: str
		})
	),
	counters: collection(num),
	[PHOTO_INFO]: photoInfo,
	[MIGRATIONS_KEY]: migrations
};

const strList = value(isStringList);

export const DUTY_SCHEMA: DocumentSchema = {
	departments: collection(record({ name: str, order: num, duties: str })),
	domains: collection(
		record({ title: str, scope: str, order: num, lead: nullable(isString), owners: required(list(str)) })
	),
	people: collection(record({ name: str, post: str, deptId: str, phone: str, createdAt: num })),
	memberDepts: collection(value((v) => Array.isArray(v) && v.every(isString))),
	// The leadership group and its office (duty-leadership.ts).
	group: record({ leader: strList, deputies: strList, members: strList }),
	office: record({ location: str, director: str, deputy: str }),
	[MIGRATIONS_KEY]: migrations
};

export const PLAN_SCHEMA: DocumentSchema = {
	body: xml,
	versions: collection(
		record({
			name: str,
			at: num,
			by: str,
			byName: str,
			update: value((v) => v instanceof Uint8Array),
			auto: str
		})
	),
	// Optional, like every root added later (plan-comments.ts, plan-decisions.ts).
	[COMMENTS]: collection(
		record({
			anchor: required(value(isCommentAnchor)),
			quote: required(str),
			text: required(str),
			by: required(str),
			byName: str,
			at: required(num),
			log: required(list(value((v) => parseCommentEntry(v) !== null)))
		})
	),
	[DECISIONS]: collection(
		record({
			text: required(str),
			owner: str,
			deadline: nullable(isIsoDate),
			status: oneOf(DECISION_STATUSES),
			by: str,
			byName: str,
			at: num,
			doneBy: nullable(isString),
			doneByName: nullable(isString),
			doneAt: nullable(isFiniteNumber)
		})
	),
	// Proposals rejected, by key (plan-rejections.ts).
	rejections: collection(value((v) => parseRejection(v) !== null)),
	[MIGRATIONS_KEY]: migrations
};

export const DRILLS_SCHEMA: DocumentSchema = {
	drills: collection(
		record({
			name: str,
			kind: oneOf(DRILL_KINDS),
			mode: oneOf(DRILL_MODES),
			place: str,
			startAt: num,
			endAt: num,
			evacuationSeconds: nullable(isFiniteNumber),
			headcount: num,
			createdAt: num,
			createdBy: value(isActor),
			notes: required(text)
		})
	),
	[PHOTO_INFO]: photoInfo,
	[MIGRATIONS_KEY]: migrations
};

export const SCHEMAS: Readonly<Record<DocumentKind, DocumentSchema>> = {
	inspection: INSPECTION_SCHEMA,
	meta: META_SCHEMA,
	ledger: LEDGER_SCHEMA,
	duty: DUTY_SCHEMA,
	plan: PLAN_SCHEMA,
	drills: DRILLS_SCHEMA
};
