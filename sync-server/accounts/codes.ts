import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives, and
 * `normalizeInviteCode` can map the look-alikes back.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters = 60 random bits: unguessable for a single-use code that lives a week. */
const INVITE_CODE_LENGTH = 12;

function randomBase32(length: number): string {
	// 256 is a multiple of 32, so masking each byte keeps every character equally likely.
	return [...randomBytes(length)].map((byte) => ALPHABET[byte & 31]).join('');
}

/** 10 characters = 50 random bits, for a code that lives a day and is read out over the phone. */
const SIGNIN_CODE_LENGTH = 10;

export function newInviteCode(): string {
	return randomBase32(INVITE_CODE_LENGTH);
}

export function newSigninCode(): string {
	return randomBase32(SIGNIN_CODE_LENGTH);
}

/** The stored form of a code as a person may type it: any case, with spaces or dashes. */
export function normalizeInviteCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function newMemberId(): string {
	return randomUUID();
}

/** A workspace id for `workspace create` without `--id`: lowercase, so it reads well in URLs. */
export function newWorkspaceId(): string {
	return `ws_${randomBase32(10).toLowerCase()}`;
}
