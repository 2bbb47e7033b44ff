import type { Session, SessionDevice } from '../api/client.ts';
import { isDeviceCode } from '../model/hazard-number.ts';
import { isRole } from '../model/permissions.ts';

const KEY = 'xiaoan:session';

/**
 * The session as the device keeps it. One saved by an app from before device numbers has no
 * `device` until the device is next online (SessionState fetches it then).
 */
export type CachedSession = Omit<Session, 'device'> & { device?: SessionDevice };

/** The device's session (token and cached identity), so the app opens offline as its member. */
export function loadSession(): CachedSession | null {
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
			const { device, ...session } = value as Session;
			return isDevice(device) ? { ...session, device } : session;
		}
	} catch {
		// Damaged storage: treated as signed out; the person signs in again with their link.
	}
	return null;
}

/** A device number and its code as the server sends them; anything else is fetched again. */
export function isDevice(value: unknown): value is SessionDevice {
	const device = value as Partial<SessionDevice> | null | undefined;
	return Number.isSafeInteger(device?.number) && (device?.number ?? 0) > 0 && isDeviceCode(device?.code);
}

/** Whether `a` and `b` are the same member in the same workspace with the same role. */
export function sameMember(a: CachedSession | null, b: CachedSession): boolean {
	return a?.workspace.id === b.workspace.id && a.member.id === b.member.id && a.member.role === b.member.role;
}

export function saveSession(session: CachedSession): void {
	localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
	localStorage.removeItem(KEY);
}
