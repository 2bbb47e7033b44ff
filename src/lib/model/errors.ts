/**
 * Why a model operation refused its input. The `code` and `params` are for people: the UI turns
 * them into a sentence in the interface language (src/lib/i18n/errors.ts). The English `message`
 * is for logs and tests only and is never shown.
 */
export const MODEL_ERROR_CODES = [
	/** A required value is missing or empty after trimming. */
	'required',
	/** Longer than `max` characters. */
	'too_long',
	/** Not a string where text is expected (a caller bug, but still named). */
	'not_text',
	/** Not `YYYY-MM`. */
	'invalid_month',
	/** Not a real `YYYY-MM-DD` calendar date. */
	'invalid_date',
	/** Not one of the allowed values (a level, a kind, an answer …). */
	'not_one_of',
	/** Not a whole number from `min` to `max`. */
	'invalid_int',
	/** Not a usable timestamp. */
	'invalid_time',
	/** Not a well-formed record id. */
	'invalid_id',
	/** Not a photo content hash. */
	'invalid_photo',
	/** A phone number with characters other than digits, +, - and spaces. */
	'invalid_phone',
	/** The end lies before the start. */
	'end_before_start',
	/** A drill longer than a day. */
	'too_long_duration',
	/** No record of `record` kind with that id on this device (yet). */
	'unknown_record',
	/** A record of `record` kind with that id exists already. */
	'already_exists',
	/** A record is missing a part it always has (e.g. a hazard without its log). */
	'damaged_record',
	/** A state change the closed loop does not allow from the current state. */
	'illegal_transition',
	/** Only a 重大 hazard is reported to the education bureau. */
	'not_major',
	/** This member's role or department may not do this (e.g. close a hazard, rectify another's). */
	'not_allowed',
	/** The hazard is closed (销号): only its remarks may still change. */
	'already_closed',
	/** Not an amount of money from 0 to `max` yuan with at most two decimals. */
	'invalid_amount',
	/** The document (`record`) has not been set up yet, e.g. before its first sync. */
	'not_initialised',
	/** The document (`record`) was set up already. */
	'already_initialised',
	/** No signed-in member to act as. */
	'no_actor',
	/** Only the member who added it may take it away (a photo). */
	'not_author',
	/** The round is signed off (签字确认): it is read-only until the office re-opens it. */
	'round_signed_off',
	/** This member has signed this submission of the round already. */
	'already_signed',
	/** The office signs off only once every required member has signed. */
	'signatures_missing',
	/** Items whose answers disagree must be settled before the round is submitted. */
	'conflicts_unsettled',
	/** Not a drawn signature or a confirmation by name. */
	'invalid_signature',
	/** Nothing to publish: the draft equals the newest published version (a template). */
	'no_changes',
	/** An active area of a template has no active item, so a round would show it empty. */
	'empty_area',
	/** The record (`record`) is retired: restore it first. */
	'retired',
	/** Only a checklist item answered 不合格 registers or links a hazard. */
	'item_not_failed',
	/** As many records of `record` kind as may be kept (`max`) exist already. */
	'too_many'
] as const;

export type ModelErrorCode = (typeof MODEL_ERROR_CODES)[number];

/**
 * Stable ids of the inputs the model checks; the catalogue names each one (`field.<id>`), so an
 * error can say which field is wrong in the reader's language.
 */
export const MODEL_FIELDS = [
	'roundTitle',
	'roundId',
	'month',
	'workspaceName',
	'drillFrequency',
	'inspectionSchedule',
	'dueDay',
	'memberId',
	'memberName',
	'note',
	'answer',
	'photo',
	'templateId',
	'templateVersion',
	'templateTitle',
	'templateAreas',
	'areaId',
	'areaTitle',
	'itemId',
	'itemText',
	'time',
	'startAt',
	'endAt',
	'drillId',
	'drillName',
	'drillKind',
	'drillMode',
	'place',
	'evacuationSeconds',
	'headcount',
	'notes',
	'hazardId',
	'foundAt',
	'domain',
	'level',
	'ownerDept',
	'description',
	'comment',
	'reason',
	'deadline',
	'rectification',
	'ownerPerson',
	'funds',
	'measures',
	'interimMeasures',
	'remarks',
	'photos',
	'report',
	'reportRef',
	'numberSpace',
	'versionId',
	'versionName',
	'personId',
	'personName',
	'post',
	'department',
	'phone',
	'signature',
	'reopenReason',
	'threadId',
	'commentText',
	'passage',
	'decisionId',
	'decisionText',
	'decisionOwner',
	'decisionDeadline',
	'departmentName',
	'departmentDuties',
	'domainTitle',
	'groupEntry',
	'officeLocation',
	'complianceRule',
	'chair'
] as const;

export type ModelField = (typeof MODEL_FIELDS)[number];

/** The kinds of record an error can be about; the catalogue names each one (`record.<kind>`). */
export const MODEL_RECORDS = [
	'workspace',
	'round',
	'checklistArea',
	'checklistItem',
	'template',
	'hazard',
	'drill',
	'planVersion',
	'person',
	'domain',
	'department',
	'commentThread',
	'decision'
] as const;

export type ModelRecord = (typeof MODEL_RECORDS)[number];

export interface ModelErrorParams {
	field?: ModelField;
	record?: ModelRecord;
	min?: number;
	max?: number;
	/** For `illegal_transition`: the states involved, for logs. */
	from?: string;
	to?: string;
}

export class ModelError extends Error {
	constructor(
		readonly code: ModelErrorCode,
		message: string,
		readonly params: ModelErrorParams = {}
	) {
		super(message);
		this.name = 'ModelError';
	}
}
