const PALETTE = ['#1d4ed8', '#7e22ce', '#be185d', '#c2410c', '#0e7490', '#4338ca', '#4d7c0f', '#9a3412'];

/** A stable colour per member, for presence and carets: 6-digit hex (carets need it), dark enough for text on white (WCAG AA). */
export function memberColor(memberId: string): string {
	let hash = 0;
	for (const char of memberId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PALETTE[hash % PALETTE.length] ?? '#1d4ed8';
}
