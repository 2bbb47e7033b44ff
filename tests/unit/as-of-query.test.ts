import { describe, expect, it } from 'vitest';
import { parseAsOfAt } from '../../src/lib/state/as-of-query.ts';

describe('the as-of screen’s time', () => {
	const now = Date.UTC(2026, 2, 3, 1, 0);
	it.each([
		[null, { at: null, bad: false }],
		['', { at: null, bad: false }],
		[String(now - 1000), { at: now - 1000 }],
		[String(now), { at: now }],
		[String(now + 1), { at: null, bad: true }],
		['2026-03-03', { at: null, bad: true }],
		['-5', { at: null, bad: true }],
		['1e12', { at: null, bad: true }]
	])('%s', (raw, expected) => expect(parseAsOfAt(raw, now)).toEqual(expected));
});
