import type { ViolationEntry } from '../api/types.ts';
import { documentKind, type DocumentName } from '../model/documents.ts';
import { HAZARD_FIELDS } from '../model/hazard-rules.ts';
import { MOVE_NAMES } from '../model/hazard-fold.ts';
import { isRule } from '../model/rules/violation.ts';
import type { Translate } from './errors.ts';
import type { MessageKey } from './messages.ts';

/**
 * One recorded violation as a sentence in the reader's language (without the member's name,
 * which the list shows first): "试图以“王晓华”的名义填写检查结果". Built from the rule and the
 * detail the server kept; a rule or detail this app does not know reads as a general sentence.
 */
export function describeViolation(entry: ViolationEntry, t: Translate, time: (at: number) => string): string {
	const detail = entry.detail;
	const str = (key: string) => (typeof detail[key] === 'string' ? (detail[key] as string) : '');
	const record = str('record');
	const action = t(pick('violation.action', record, ACTIONS, 'other'));
	const field = str('field');
	const fieldName = (HAZARD_FIELDS as readonly string[]).includes(field)
		? t(`field.${field as (typeof HAZARD_FIELDS)[number]}`)
		: t('violation.field.fixed');
	const move = str('move');
	const moveName = (MOVE_NAMES as readonly string[]).includes(move)
		? t(`hazard.move.${move as (typeof MOVE_NAMES)[number]}`)
		: move;
	if (!isRule(entry.rule)) return t('violation.unknown');
	switch (entry.rule) {
		case 'forged_author':
			return str('claimed') === ''
				? t('violation.forged_author.anyone', { action })
				: t('violation.forged_author', { action, claimed: str('claimed') });
		case 'future_time':
			return t('violation.future_time', {
				action,
				at: typeof detail.at === 'number' ? time(detail.at) : '?'
			});
		case 'history_deleted':
			return t('violation.history_deleted', {
				history: t(pick('violation.history', record, HISTORIES, 'answer'))
			});
		case 'record_deleted':
			return t('violation.record_deleted', { record: t(pick('violation.record', record, RECORDS, 'other')) });
		case 'fixed_changed':
			return t('violation.fixed_changed', { field: fieldName });
		case 'not_responsible':
			if (entry.kept)
				return field === ''
					? t('violation.conflict.move', { move: moveName })
					: t('violation.conflict.field', { field: fieldName });
			return t('violation.not_responsible', { move: moveName });
		case 'move_not_allowed':
			return t('violation.move_not_allowed', { move: moveName });
		case 'field_not_allowed':
		case 'closed_changed':
			return t(`violation.${entry.rule}`, { field: fieldName });
		default:
			return t(`violation.${entry.rule}`);
	}
}

/** Where the attempt was made: "隐患台账", "巡检「11月检查」". */
export function violationPlace(entry: ViolationEntry, t: Translate): string {
	const kind = documentKind(entry.document as DocumentName);
	const round = typeof entry.detail.round === 'string' ? entry.detail.round : '';
	if (kind === 'inspection' && round !== '') return t('violations.where.round', { title: round });
	return KINDS.includes(kind) ? t(`doc.${kind}`) : entry.document;
}

/** The hazard's number or the item's label the attempt named, or ''. */
export function violationLabel(entry: ViolationEntry): string {
	return typeof entry.detail.label === 'string' ? entry.detail.label : '';
}

const KINDS = ['meta', 'plan', 'duty', 'ledger', 'drills', 'inspection'] as const;
const ACTIONS = ['answer', 'transition', 'hazard', 'report', 'round', 'lifecycle', 'other'] as const;
const HISTORIES = ['answer', 'transition', 'lifecycle'] as const;
const RECORDS = ['hazard', 'checklistItem', 'checklistArea', 'link', 'other'] as const;

function pick<P extends string, V extends string>(
	prefix: P,
	value: string,
	known: readonly V[],
	fallback: V
): `${P}.${V}` & MessageKey {
	const chosen = (known as readonly string[]).includes(value) ? (value as V) : fallback;
	return `${prefix}.${chosen}` as `${P}.${V}` & MessageKey;
}
