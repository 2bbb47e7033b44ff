import { ModelError, type ModelField } from './errors.ts';
import { HAZARD_LEVELS, type HazardLevel, type HazardSource } from './hazard-record.ts';
import * as v from './validate.ts';

/** Checks of what people type into a hazard's fields, shared by registering and editing. */

export const DESCRIPTION_MAX = 2000;
export const MEASURES_MAX = 2000;
export const PLACE_MAX = 100;
export const PERSON_MAX = 50;
export const SHORT_TEXT_MAX = 500;
export const FUNDS_MAX = 100_000_000;
const ID_MAX = 100;

export const checkPlace = (value: unknown): string => v.requireText(value, 'place', PLACE_MAX);
export const checkDomain = (value: unknown): string => v.optionalText(value, 'domain', ID_MAX);
export const checkOwnerDept = (value: unknown): string => v.optionalText(value, 'ownerDept', ID_MAX);
export const checkOwnerPerson = (value: unknown): string => v.optionalText(value, 'ownerPerson', PERSON_MAX);
export const checkInterim = (value: unknown): string =>
	v.optionalText(value, 'interimMeasures', SHORT_TEXT_MAX);
export const checkRemarks = (value: unknown): string => v.optionalText(value, 'remarks', SHORT_TEXT_MAX);
export const checkReportRef = (value: unknown): string => v.optionalText(value, 'reportRef', ID_MAX);
export const checkLevel = (value: unknown): HazardLevel => v.requireOneOf(value, HAZARD_LEVELS, 'level');
export const checkFoundAt = (value: unknown): number => v.requireTimestamp(value, 'foundAt');

export function checkDeadline(value: unknown): string | null {
	return value === null ? null : v.requireIsoDate(value, 'deadline');
}

/** Yuan, from 0 to FUNDS_MAX, at most two decimals (stored rounded to the fen), or null. */
export function checkFunds(value: unknown): number | null {
	if (value === null) return null;
	const fen = typeof value === 'number' ? value * 100 : NaN;
	if (!Number.isFinite(fen) || fen < 0 || fen > FUNDS_MAX * 100 || Math.abs(fen - Math.round(fen)) > 1e-6)
		throw new ModelError('invalid_amount', `funds must be 0–${FUNDS_MAX} yuan, got ${String(value)}`, {
			field: 'funds',
			max: FUNDS_MAX
		});
	return Math.round(fen) / 100;
}

/** Copies of the round's title and the item's label are cut, not refused: they only name the link. */
const LABEL_MAX = 200;

export function checkSource(
	source: Partial<HazardSource> & Pick<HazardSource, 'roundId' | 'itemId'>
): HazardSource {
	const label = (value: unknown): string => (typeof value === 'string' ? value.slice(0, LABEL_MAX) : '');
	return {
		roundId: v.requireId(source.roundId, 'roundId'),
		itemId: v.requireId(source.itemId, 'itemId'),
		roundTitle: label(source.roundTitle),
		itemLabel: label(source.itemLabel)
	};
}

/** The long texts: the description must be filled in, measures may stay empty. */
export const TEXT_FIELDS = { description: DESCRIPTION_MAX, measures: MEASURES_MAX } as const;
export type HazardTextField = keyof typeof TEXT_FIELDS;

/**
 * A long text as typed. Over its limit it is refused, never cut, unless it is shorter than what is
 * stored: a text that two devices' merged typing pushed past the limit can be shortened, never
 * emptied (the rule of inspection notes, docs/ARCHITECTURE.md).
 */
export function checkLongText(field: HazardTextField, value: unknown, current: string): string {
	if (typeof value !== 'string') throw new ModelError('not_text', `${field} must be a string`, { field });
	if (value.length > TEXT_FIELDS[field] && value.length > current.length)
		v.requireMax(value, field satisfies ModelField, TEXT_FIELDS[field]);
	return value;
}
