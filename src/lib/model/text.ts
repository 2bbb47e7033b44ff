import type * as Y from 'yjs';

/**
 * Replaces the content of `text` with `next` by deleting and inserting only the changed middle (common
 * prefix and suffix kept). A text field bound to an `<input>` gives us whole strings; replacing the
 * whole Y.Text would turn two people's concurrent typing into a duplicated paragraph, while a minimal
 * diff merges character by character. Must run inside the caller's transaction.
 */
export function applyTextDiff(text: Y.Text, next: string): void {
	const current = text.toString();
	if (current === next) return;
	let start = 0;
	const maxPrefix = Math.min(current.length, next.length);
	while (start < maxPrefix && current.charCodeAt(start) === next.charCodeAt(start)) start++;
	// Never split a surrogate pair (emoji): Y.Text indexes UTF-16 code units.
	if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
	let endCurrent = current.length;
	let endNext = next.length;
	while (
		endCurrent > start &&
		endNext > start &&
		current.charCodeAt(endCurrent - 1) === next.charCodeAt(endNext - 1)
	) {
		endCurrent--;
		endNext--;
	}
	if (endCurrent < current.length && isLowSurrogate(current.charCodeAt(endCurrent))) {
		endCurrent++;
		endNext++;
	}
	if (endCurrent > start) text.delete(start, endCurrent - start);
	if (endNext > start) text.insert(start, next.slice(start, endNext));
}

function isHighSurrogate(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}
