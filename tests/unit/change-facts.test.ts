import { describe, expect, it } from 'vitest';
import { describeFact } from '../../src/lib/i18n/change-facts.ts';
import { en, zh, type MessageKey } from '../../src/lib/i18n/messages.ts';
import { MOVE_NAMES } from '../../src/lib/model/hazard-fold.ts';
import { HAZARD_FIELDS } from '../../src/lib/model/hazard-rules.ts';

/** The same filling as i18n.svelte.ts's `t`, over one catalogue, without the rune state. */
const translator =
	(catalog: Record<MessageKey, string>) =>
	(key: MessageKey, params: Record<string, string | number> = {}) =>
		catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
const tZh = translator(zh);
const tEn = translator(en);

describe('describeFact', () => {
	it('words every move of the hazard loop, and an unknown one generically', () => {
		for (const move of MOVE_NAMES)
			expect(describeFact({ code: 'hazard.move', number: 'A-1', move, mark: '' }, tEn)).toBe(
				tEn(`changes.fact.hazard.move.${move}`, { number: 'A-1' })
			);
		expect(
			describeFact({ code: 'hazard.move', number: 'A-1', move: 'registered→closed', mark: '' }, tZh)
		).toBe('改变了 A-1 的状态');
		expect(describeFact({ code: 'hazard.move', number: 'A-1', move: 'close', mark: 'superseded' }, tZh)).toBe(
			'销号 A-1（与他人同时操作，未生效）'
		);
	});

	it('names every editable field in the reader’s language and keeps an unknown one as stored', () => {
		for (const field of HAZARD_FIELDS)
			expect(describeFact({ code: 'hazard.edit', number: 'A-1', fields: [field] }, tZh)).toBe(
				`修改了 A-1 的${zh[`field.${field}`]}`
			);
		expect(describeFact({ code: 'hazard.edit', number: 'A-1', fields: ['place', 'novel'] }, tEn)).toBe(
			'changed place, novel of A-1'
		);
	});
});
