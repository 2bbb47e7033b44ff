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
		byMember.set(user.memberId, { ...user, focus: user.focus ?? null, clientId });
	}
	return [...byMember.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

export function onPresenceChange(awareness: Awareness, listener: () => void): () => void {
	awareness.on('change', listener);
	return () => awareness.off('change', listener);
}
