import type { Session } from '../api/client.ts';
import { isRole } from '../model/permissions.ts';

const KEY = 'xiaoan:session';

/** The device's session (token and cached identity), so the app opens offline as its member. */
export function loadSession(): Session | null {
	const raw = localStorage.getItem(KEY);
	if (!raw) return null;
	try {
		const value = JSON.parse(raw) as Partial<Session>;
		if (
			typeof value.token === 'string' &&
			typeof value.expiresAt === 'number' &&
			typeof value.member?.id === 'string' &&
			typeof value.member.name === 'string' &&
			isRole(value.member.role) &&
			typeof value.workspace?.id === 'string' &&
			typeof value.workspace.name === 'string'
		) {
			return value as Session;
		}
	} catch {
		// Damaged storage: treated as signed out; the person signs in again with their link.
	}
	return null;
}

export function saveSession(session: Session): void {
	localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
	localStorage.removeItem(KEY);
}
