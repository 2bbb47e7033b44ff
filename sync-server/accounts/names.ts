/**
 * Characters that show nothing or reorder what follows: controls (Cc), formats (Cf: bidi
 * overrides and isolates, zero-width spaces and joiners, the BOM) and the other default-ignorable
 * code points (Hangul fillers, variation selectors …). A name made of them looks empty, and
 * with them a name can look like another one, or reverse the text after it in a list or a log.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * A name as stored: NFKC (full-width letters and compatibility forms become their plain
 * equivalents), whitespace runs as one space, invisible characters removed, trimmed.
 */
export function normalizeName(value: string): string {
	return value.normalize('NFKC').replace(/\s+/gu, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
}

/** What two names must not share within a workspace: case and spaces do not tell people apart. */
export function nameKey(name: string): string {
	return normalizeName(name).toLowerCase().replace(/ /g, '');
}
