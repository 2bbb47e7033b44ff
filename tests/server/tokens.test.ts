import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newInviteCode, normalizeInviteCode } from '../../sync-server/accounts/codes.ts';
import { readToken, signToken, type TokenPayload } from '../../sync-server/accounts/tokens.ts';

const secret = randomBytes(32);
const payload: TokenPayload = { v: 1, ws: 'school_a', mid: 'm-1', role: 'office', iat: 1, exp: 2, jti: 'j' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('tokens', () => {
	it('read back what was signed, with this secret only', () => {
		const token = signToken(secret, payload);
		expect(readToken(secret, token)).toEqual(payload);
		expect(readToken(randomBytes(32), token)).toBeNull();
	});

	it('reject every malformed or altered form', () => {
		const token = signToken(secret, payload);
		const [part, signature] = token.split('.') as [string, string];
		const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
		for (const bad of [
			'',
			'.',
			part,
			`${part}.`,
			`${part}.${flipped}`,
			`${part}.${signature}.x`,
			`${part}.${signature}=`,
			`${b64({ ...payload, role: 'leader' })}.${signature}`,
			`${part}.${signature}${'A'.repeat(3000)}`
		]) {
			expect(readToken(secret, bad), bad.slice(0, 40)).toBeNull();
		}
	});

	it('reject signed payloads of the wrong shape', () => {
		for (const claims of [
			{ ...payload, v: 2 },
			{ ...payload, role: 'admin' },
			{ ...payload, ws: '../x' },
			{ ...payload, exp: '2' },
			[payload],
			null
		]) {
			const part = b64(claims);
			const token = `${part}.${signToken(secret, payload).split('.')[1] ?? ''}`;
			expect(readToken(secret, token)).toBeNull(); // wrong signature anyway …
			// … and with a valid signature over the bad payload, still refused for its shape.
			const resigned = signToken(secret, claims as TokenPayload);
			expect(readToken(secret, resigned), JSON.stringify(claims)).toBeNull();
		}
	});
});

describe('invite codes', () => {
	it('are 12 unambiguous characters, and typed variants normalise to them', () => {
		const code = newInviteCode();
		expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
		expect(normalizeInviteCode(` ${code.toLowerCase().slice(0, 6)}-${code.slice(6)} `)).toBe(code);
		expect(normalizeInviteCode('o0il-L1')).toBe('001111');
	});
});
