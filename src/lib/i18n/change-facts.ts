import type { ChangeFact } from '../model/change-log.ts';
import { MOVE_NAMES, type HazardMove } from '../model/hazard-fold.ts';
import { HAZARD_FIELDS, type HazardField } from '../model/hazard-rules.ts';
import type { MessageKey } from './messages.ts';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const PARTS = new Set([
	'departments',
	'domains',
	'people',
	'memberDepts',
	'workspace',
	'rounds',
	'templates',
	'drills'
]);
/** Every move and editable field the model knows, so a new one is worded without touching this file. */
const MOVES: ReadonlySet<string> = new Set(MOVE_NAMES);
const FIELDS: ReadonlySet<string> = new Set(HAZARD_FIELDS);
const isMove = (move: string): move is HazardMove => MOVES.has(move);
const isField = (field: string): field is HazardField => FIELDS.has(field);

const level = (value: string, t: Translate) =>
	value === '重大' ? t('ledger.level.major') : value === '一般' ? t('ledger.level.general') : value;

/** One fact of the change log as the rest of a sentence whose subject is who made the change. */
export function describeFact(fact: ChangeFact, t: Translate): string {
	const list = (words: string[]) => words.join(t('changes.listSeparator'));
	switch (fact.code) {
		case 'round.created':
		case 'round.title':
			return t(`changes.fact.${fact.code}`, { title: fact.title });
		case 'round.answer':
			return fact.value === 'clear'
				? t('changes.fact.round.clear', { item: fact.item })
				: t('changes.fact.round.answer', { item: fact.item, value: t(`changes.value.${fact.value}`) });
		case 'round.note':
			return t('changes.fact.round.note', { item: fact.item });
		case 'round.photos':
			return list([
				...(fact.added > 0 ? [t('changes.fact.round.photosAdded', { item: fact.item, n: fact.added })] : []),
				...(fact.removed > 0
					? [t('changes.fact.round.photosRemoved', { item: fact.item, n: fact.removed })]
					: [])
			]);
		case 'round.lifecycle':
			return t(`changes.fact.round.lifecycle.${fact.kind}`);
		case 'round.team':
			return t('changes.fact.round.team');
		case 'round.hazardLink':
			return t('changes.fact.round.hazardLink');
		case 'hazard.registered':
			return t('changes.fact.hazard.registered', {
				number: fact.number,
				place: fact.place,
				level: level(fact.level, t)
			});
		case 'hazard.move': {
			const move = isMove(fact.move) ? fact.move : 'other';
			const mark =
				fact.mark === 'superseded'
					? t('changes.fact.hazard.superseded')
					: fact.mark === 'illegal'
						? t('changes.fact.hazard.illegal')
						: '';
			return t(`changes.fact.hazard.move.${move}`, { number: fact.number }) + mark;
		}
		case 'hazard.level':
			return t('changes.fact.hazard.level', {
				number: fact.number,
				from: level(fact.from, t),
				to: level(fact.to, t)
			});
		case 'hazard.edit':
			return t('changes.fact.hazard.edit', {
				number: fact.number,
				fields: list(fact.fields.map((field) => (isField(field) ? t(`field.${field}`) : field)))
			});
		case 'hazard.report':
			return t('changes.fact.hazard.report', { number: fact.number });
		case 'hazard.photos':
			return list([
				...(fact.added > 0
					? [t('changes.fact.hazard.photosAdded', { number: fact.number, n: fact.added })]
					: []),
				...(fact.removed > 0
					? [t('changes.fact.hazard.photosRemoved', { number: fact.number, n: fact.removed })]
					: [])
			]);
		case 'hazard.link':
			return t('changes.fact.hazard.link', { number: fact.number });
		case 'plan.edit':
			return t('changes.fact.plan.edit', { added: fact.added, removed: fact.removed });
		case 'plan.version':
			return t('changes.fact.plan.version', { name: fact.name });
		case 'changed': {
			const words = fact.parts.map((part) =>
				PARTS.has(part) ? t(`changes.part.${part}` as MessageKey) : t('changes.part.other')
			);
			return t('changes.fact.changed', { parts: list([...new Set(words)]) });
		}
	}
}

/** The facts of one change as one line. */
export function describeFacts(facts: readonly ChangeFact[], t: Translate): string {
	return facts.map((fact) => describeFact(fact, t)).join(t('changes.listSeparator'));
}
