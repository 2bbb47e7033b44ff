import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isValidId } from '../../src/lib/model/documents.ts';
import { isRole, type Role } from '../../src/lib/model/permissions.ts';

/** What a token says (times in seconds). The role is informational: the members table decides. */
export interface TokenPayload {
	v: 1;
	/** Workspace id. */
	ws: string;
	/** Member id. */
	mid: string;
	role: Role;
	iat: number;
	exp: number;
	/** Random token id, so two tokens issued in the same second differ; a refresh replaces it. */
	jti: string;
	/**
	 * The device session the token belongs to (sessions table). Tokens signed before sessions
	 * existed have none; their `jti` then names the session.
	 */
	sid?: string;
}

/** Far above any token we issue; bounds the work an attacker can make us do per request. */
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function sign(secret: Buffer, payloadPart: string): string {
	return createHmac('sha256', secret).update(payloadPart).digest('base64url');
}

export function newTokenId(): string {
	return randomBytes(12).toString('base64url');
}

/** `base64url(JSON payload) + '.' + base64url(HMAC-SHA256(secret, payloadPart))`. */
export function signToken(secret: Buffer, payload: TokenPayload): string {
	const payloadPart = Buffer.from(JSON.stringify(payload)).toString('base64url');
	return `${payloadPart}.${sign(secret, payloadPart)}`;
}

/**
 * The payload of a token this server signed, or null for anything malformed or forged. Says
 * nothing about expiry or revocation; the caller checks those.
 */
export function readToken(secret: Buffer, token: string): TokenPayload | null {
	if (token.length > MAX_TOKEN_LENGTH) return null;
	const [payloadPart, signaturePart, extra] = token.split('.');
	if (payloadPart === undefined || signaturePart === undefined || extra !== undefined) return null;
	if (!BASE64URL.test(payloadPart) || !BASE64URL.test(signaturePart)) return null;
	// Compared as canonical strings in constant time: a lenient base64 decoder would accept
	// several spellings of one signature.
	const expected = Buffer.from(sign(secret, payloadPart));
	const given = Buffer.from(signaturePart);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	try {
		return parsePayload(JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')));
	} catch {
		return null;
	}
}

function parsePayload(value: unknown): TokenPayload | null {
	if (typeof value !== 'object' || value === null) return null;
	const { v, ws, mid, role, iat, exp, jti, sid } = value as Record<string, unknown>;
	if (v !== 1 || typeof ws !== 'string' || !isValidId(ws) || typeof mid !== 'string') return null;
	if (!isRole(role) || typeof jti !== 'string') return null;
	if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return null;
	if (sid !== undefined && typeof sid !== 'string') return null;
	const payload: TokenPayload = { v, ws, mid, role, iat: iat as number, exp: exp as number, jti };
	return sid === undefined ? payload : { ...payload, sid };
}
