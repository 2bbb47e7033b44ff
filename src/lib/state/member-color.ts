const PALETTE = ['#2563eb', '#9333ea', '#db2777', '#ea580c', '#0891b2', '#4f46e5', '#65a30d', '#c2410c'];

/** A stable colour per member, for presence dots and carets (6-digit hex, as carets need). */
export function memberColor(memberId: string): string {
	let hash = 0;
	for (const char of memberId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PALETTE[hash % PALETTE.length] ?? '#2563eb';
}
