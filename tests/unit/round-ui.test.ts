import { describe, expect, it } from 'vitest';
import { NOTE_COUNTER_FROM, NOTE_MAX, noteLimit, pasteResult } from '../../src/lib/state/note-limit.ts';
import { roundAbsence } from '../../src/lib/state/round-absence.ts';
import { codeFromInput } from '../../src/lib/state/code-input.ts';

describe('note limit', () => {
	it('matches the model, shows the counter near the limit and counts what is over', () => {
		expect(NOTE_MAX).toBe(2000);
		expect(noteLimit(12)).toEqual({ length: 12, max: 2000, over: 0, counter: false });
		expect(noteLimit(NOTE_COUNTER_FROM).counter).toBe(true);
		expect(noteLimit(2000)).toMatchObject({ over: 0, counter: true });
		expect(noteLimit(2107)).toMatchObject({ over: 107, counter: true });
	});

	it('computes a paste over the selection whole, so nothing pasted is dropped', () => {
		expect(pasteResult('东侧围墙', 2, 4, '教学楼')).toBe('东侧教学楼');
		const long = 'x'.repeat(2100);
		expect(pasteResult('ab', 2, 2, long)).toHaveLength(2102);
	});
});

describe('why a round is absent', () => {
	const base = { loaded: true, round: 'synced', meta: 'synced', listed: false } as const;

	it('says "missing" only when both documents are synced and the index does not list it', () => {
		expect(roundAbsence(base)).toBe('missing');
		expect(roundAbsence({ ...base, listed: true })).toBe('waiting');
	});

	it('says offline or downloading while the server has not answered, and loading before the device', () => {
		expect(roundAbsence({ ...base, loaded: false })).toBe('loading');
		expect(roundAbsence({ ...base, round: 'offline' })).toBe('offline');
		expect(roundAbsence({ ...base, meta: 'offline' })).toBe('offline');
		expect(roundAbsence({ ...base, round: 'connecting' })).toBe('downloading');
		expect(roundAbsence({ ...base, meta: 'connecting' })).toBe('downloading');
	});
});

describe('code field', () => {
	it('takes the code out of a pasted link, and a typed code as it is', () => {
		expect(codeFromInput('  7PCM-ZPC2 4V ')).toBe('7PCM-ZPC2 4V');
		expect(codeFromInput('http://192.168.1.5:8080/join/7PCMZPC24V')).toBe('7PCMZPC24V');
		expect(codeFromInput('请打开 https://school.example/join/ABCDEFGHJKMN?x=1 加入')).toBe('ABCDEFGHJKMN');
	});
});
