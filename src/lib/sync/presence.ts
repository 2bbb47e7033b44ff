import type { Awareness } from 'y-protocols/awareness';

/** What a device tells the others in a document: who is here and what they look at. */
export interface Presence {
	memberId: string;
	name: string;
	/** The member's workspace role, shown beside the name. */
	role: string;
	/** `#rrggbb`. */
	color: string;
	/** The record being worked on (e.g. a checklist item id), if any. */
	focus: string | null;
}

export interface PeerPresence extends Presence {
	clientId: number;
}

const PALETTE = ['#1d4ed8', '#7e22ce', '#be185d', '#c2410c', '#0e7490', '#4338ca', '#4d7c0f', '#9a3412'];

/**
 * A stable colour per member, for presence and carets: 6-digit hex (carets need it), dark enough
 * for text on white (WCAG AA). The server uses it too, for a peer that sent an unusable colour.
 */
export function memberColor(memberId: string): string {
	let hash = 0;
	for (const char of memberId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
	return PALETTE[hash % PALETTE.length] ?? '#1d4ed8';
}

/**
 * Whether `value` is a colour we put into CSS: `#rrggbb` and nothing else. A peer's colour is
 * someone else's input, and `url(http://…)` there made every viewer's browser fetch that address.
 */
export function isPresenceColor(value: unknown): value is string {
	return typeof value === 'string' && /^#[0-9a-f]{6}$/i.test(value);
}

function isPresence(value: unknown): value is Presence {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Record<string, unknown>;
	return (
		typeof v.memberId === 'string' &&
		typeof v.name === 'string' &&
		typeof v.role === 'string' &&
		typeof v.color === 'string'
	);
}

export function setLocalPresence(awareness: Awareness, presence: Presence): void {
	awareness.setLocalStateField('user', presence);
}

/** Leaves the document's presence (the page closed), while the document itself may stay open. */
export function clearLocalPresence(awareness: Awareness): void {
	awareness.setLocalStateField('user', null);
}

/** Everyone else with this document open, one entry per member (their newest device wins). */
export function peers(awareness: Awareness): PeerPresence[] {
	const byMember = new Map<string, PeerPresence>();
	for (const [clientId, state] of awareness.getStates()) {
		if (clientId === awareness.clientID) continue;
		const user: unknown = (state as { user?: unknown }).user;
		if (!isPresence(user)) continue;
		// Checked here as well as on the server: an older server relays colours unchecked.
		const color = isPresenceColor(user.color) ? user.color : memberColor(user.memberId);
		byMember.set(user.memberId, { ...user, color, focus: user.focus ?? null, clientId });
	}
	return [...byMember.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

export function onPresenceChange(awareness: Awareness, listener: () => void): () => void {
	awareness.on('change', listener);
	return () => awareness.off('change', listener);
}
