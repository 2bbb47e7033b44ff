import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_ERROR_CODES, ApiError } from '../../src/lib/api/error.ts';
import { describeError, type Translate } from '../../src/lib/i18n/errors.ts';
import { en, zh, type MessageKey } from '../../src/lib/i18n/messages.ts';
import { MODEL_ERROR_CODES, ModelError } from '../../src/lib/model/errors.ts';
import { requireText } from '../../src/lib/model/validate.ts';

/** The same filling as i18n.svelte.ts's `t`, over one catalogue, without the rune state. */
const translator =
	(catalog: Record<MessageKey, string>): Translate =>
	(key, params = {}) =>
		catalog[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
const tZh = translator(zh);
const tEn = translator(en);

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (error) {
		return error;
	}
	throw new Error('expected a throw');
}

afterEach(() => vi.restoreAllMocks());

describe('describeError', () => {
	it('names the field of a model error in the reader’s language', () => {
		const empty = thrown(() => requireText('  ', 'roundTitle', 100));
		expect(describeError(empty, tZh)).toBe('请填写巡检名称。');
		expect(describeError(empty, tEn)).toBe('Please fill in the round name.');
		const long = thrown(() => requireText('检'.repeat(101), 'roundTitle', 100));
		expect(describeError(long, tZh)).toBe('巡检名称最多 100 个字，请删减后再试。');
		expect(describeError(long, tEn)).not.toMatch(/must be at most/);
	});

	it('fills every placeholder of every model error code', () => {
		for (const code of MODEL_ERROR_CODES) {
			const error = new ModelError(code, 'log text', { field: 'note', record: 'hazard', min: 0, max: 9 });
			for (const t of [tZh, tEn]) expect(describeError(error, t)).not.toMatch(/[{}]|log text/);
		}
	});

	it('describes an API error by its code, never by the server’s English message', () => {
		const used = new ApiError(410, 'invite_used', 'this invite has been used');
		expect(describeError(used, tZh)).toBe('这个邀请已被使用。请向管理员索取新的邀请。');
		expect(describeError(used, tEn)).toBe('This invite was already used. Ask for a new one.');
		const invalid = new ApiError(401, 'unauthorized', 'invalid token');
		expect(describeError(invalid, tZh)).not.toContain('invalid token');
		for (const code of API_ERROR_CODES) {
			expect(describeError(new ApiError(400, code, 'raw'), tEn)).not.toMatch(/[{}]|raw/);
		}
	});

	it('says the device is offline when the server could not be reached', () => {
		const offline = new ApiError(0, 'network', 'network unreachable');
		expect(offline.offline).toBe(true);
		expect(describeError(offline, tZh)).toBe('无法连接服务器。这项操作需要联网，请联网后重试。');
	});

	it('treats a code the client does not know as an unknown answer', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const teapot = new ApiError(418, 'teapot', 'I am a teapot');
		expect(describeError(teapot, tZh)).toBe(zh['error.api.unknown']);
		expect(log).toHaveBeenCalledWith(teapot);
	});

	it('says storage is full for a quota error, also when wrapped', () => {
		const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		expect(describeError(quota, tZh)).toBe(zh['error.quota']);
		// Dexie keeps the browser's error in `inner`.
		const wrapped = Object.assign(new Error('QuotaExceededError'), { name: 'AbortError', inner: quota });
		expect(describeError(wrapped, tEn)).toBe(en['error.quota']);
	});

	it('gives a generic sentence for anything else and logs the raw error for developers', () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const raw = new TypeError("Cannot read properties of undefined (reading 'get')");
		expect(describeError(raw, tZh)).toBe(zh['error.unknown']);
		expect(describeError('a string', tEn)).toBe(en['error.unknown']);
		expect(log).toHaveBeenCalledWith(raw);
	});
});
