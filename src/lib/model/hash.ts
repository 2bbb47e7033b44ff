/**
 * Small non-cryptographic hashes. They name seed content and derive short tags; nothing here is a
 * security boundary, so a fast, dependency-free FNV-1a is enough and runs the same in browser and Node.
 */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over bytes (strings are hashed as UTF-8), as an unsigned 32-bit integer. */
export function fnv1a32(input: Uint8Array | string): number {
	const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
	let hash = FNV_OFFSET;
	for (const byte of bytes) {
		hash ^= byte;
		hash = Math.imul(hash, FNV_PRIME);
	}
	return hash >>> 0;
}

/** Eight lowercase hex digits of `fnv1a32(input)`. */
export function hex8(input: Uint8Array | string): string {
	return fnv1a32(input).toString(16).padStart(8, '0');
}

// Crockford's base32 alphabet: no I, L, O or U, so a tag read aloud or copied by hand stays unambiguous.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A short upper-case tag (default 4 characters) derived from `input`. */
export function base32Tag(input: string, length = 4): string {
	let value = fnv1a32(input);
	let out = '';
	for (let i = 0; i < length; i++) {
		out += BASE32[value & 31];
		value >>>= 5;
	}
	return out;
}
