import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyTextDiff } from '../../src/lib/model/text.ts';
import { prng } from './helpers.ts';

function edit(initial: string, next: string): { text: string; delta: unknown } {
	const doc = new Y.Doc();
	const text = doc.getText('t');
	text.insert(0, initial);
	let delta: unknown = null;
	text.observe((event) => (delta = event.delta));
	doc.transact(() => applyTextDiff(text, next));
	return { text: text.toString(), delta };
}

describe('applyTextDiff', () => {
	it('writes only the changed middle', () => {
		expect(edit('消防通道畅通', '消防通道不畅通')).toEqual({
			text: '消防通道不畅通',
			delta: [{ retain: 4 }, { insert: '不' }]
		});
		expect(edit('abc', 'abc').delta).toBeNull();
		expect(edit('', 'new').text).toBe('new');
		expect(edit('old', '').text).toBe('');
		expect(edit('aaa', 'aa').delta).toEqual([{ retain: 2 }, { delete: 1 }]);
	});

	it('never splits an emoji (surrogate pair)', () => {
		// 🔥 and 🔧 share their high surrogate; a naive prefix would split the pair.
		const { text, delta } = edit('a🔥b', 'a🔧b');
		expect(text).toBe('a🔧b');
		expect(delta).toEqual([{ retain: 1 }, { delete: 2 }, { insert: '🔧' }]);
		expect(edit('🔥🔥', '🔥').text).toBe('🔥');
	});

	it('always ends with exactly the requested text (seeded)', () => {
		const random = prng(7);
		const alphabet = ['a', 'b', '安', '🔥', '🔧', ' '];
		const word = (): string =>
			Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * 6)]).join('');
		for (let i = 0; i < 500; i++) {
			const [from, to] = [word(), word()];
			expect(edit(from, to).text).toBe(to);
		}
	});
});
