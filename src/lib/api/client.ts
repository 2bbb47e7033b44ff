import type { Role } from '../model/permissions.ts';
import { ApiError } from './error.ts';
import type {
	AuditEntry,
	ChangeLog,
	ChangeQuery,
	CodeInfo,
	DeviceSession,
	Invite,
	InviteListing,
	MemberRow,
	Session,
	SigninCodeView,
	ViolationEntry
} from './types.ts';

export { ApiError } from './error.ts';

export type * from './types.ts';

/**
 * The service worker's answer when the network is unreachable (src/service-worker.ts: 503
 * `offline`, not the server's JSON): the same as no answer at all.
 */
function fromServiceWorkerOffline(response: Response): boolean {
	return response.status === 503 && response.statusText === 'offline';
}

async function request<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
	const headers: Record<string, string> = {};
	if (token) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers['content-type'] = 'application/json';
	let response: Response;
	try {
		response = await fetch(path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		throw new ApiError(0, 'network', 'network unreachable');
	}
	if (fromServiceWorkerOffline(response)) throw new ApiError(0, 'network', 'network unreachable');
	const data = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
	if (!response.ok) {
		throw new ApiError(response.status, data.error ?? 'unknown', data.message ?? response.statusText);
	}
	return data as T;
}

/** A GET answered with raw bytes (errors still come as JSON `{ error, message }`). */
async function requestBytes(path: string, token: string): Promise<Uint8Array> {
	let response: Response;
	try {
		response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
	} catch {
		throw new ApiError(0, 'network', 'network unreachable');
	}
	if (fromServiceWorkerOffline(response)) throw new ApiError(0, 'network', 'network unreachable');
	if (!response.ok) {
		const data = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
		throw new ApiError(response.status, data.error ?? 'unknown', data.message ?? response.statusText);
	}
	return new Uint8Array(await response.arrayBuffer());
}

/** The sync server's HTTP API (same origin as the app). */
export const api = {
	join: (code: string, name: string) => request<Session>('POST', '/api/join', null, { code, name }),
	/** What a typed code is (invite or sign-in code), without using it. */
	checkCode: (code: string) => request<CodeInfo>('POST', '/api/codes/check', null, { code }),
	signInWithCode: (code: string) => request<Session>('POST', '/api/signin', null, { code }),
	signinCode: (token: string, memberId: string) =>
		request<SigninCodeView>('POST', `/api/members/${encodeURIComponent(memberId)}/signin-code`, token),
	session: async (token: string): Promise<Session> => ({
		token,
		...(await request<Omit<Session, 'token'>>('GET', '/api/session', token))
	}),
	refresh: (token: string) => request<Session>('POST', '/api/session/refresh', token),
	invite: (token: string, role: Role) => request<Invite>('POST', '/api/invites', token, { role }),
	members: (token: string) => request<{ members: MemberRow[] }>('GET', '/api/members', token),
	revoke: (token: string, memberId: string) =>
		request<{ ok: true }>('POST', `/api/members/${encodeURIComponent(memberId)}/revoke`, token),
	/** This member's device sessions; `memberId` another member's (leaders and the office). */
	sessions: (token: string, memberId?: string) =>
		request<{ sessions: DeviceSession[] }>(
			'GET',
			memberId === undefined ? '/api/sessions' : `/api/sessions?member=${encodeURIComponent(memberId)}`,
			token
		),
	revokeSession: (token: string, sessionId: string) =>
		request<{ ok: true }>('POST', `/api/sessions/${encodeURIComponent(sessionId)}/revoke`, token),
	invites: (token: string) => request<{ invites: InviteListing[] }>('GET', '/api/invites', token),
	cancelInvite: (token: string, code: string) =>
		request<{ invite: InviteListing }>('POST', `/api/invites/${encodeURIComponent(code)}/cancel`, token),
	changes: (token: string, document: string, query: ChangeQuery = {}) => {
		const params = new URLSearchParams({ document });
		for (const [key, value] of Object.entries(query))
			if (value !== undefined && value !== '') params.set(key, String(value));
		return request<ChangeLog>('GET', `/api/changes?${params}`, token);
	},
	/**
	 * The document as it stood at `at` (epoch ms), as one Yjs update rebuilt by the server from its
	 * kept history (read it with model/as-of.ts); `history_unavailable` before the history starts.
	 */
	historyState: (token: string, document: string, at: number) =>
		requestBytes(`/api/history/state?${new URLSearchParams({ document, at: String(at) })}`, token),
	audit: (token: string, document: string, limit = 100) =>
		request<{ entries: AuditEntry[] }>(
			'GET',
			`/api/audit?document=${encodeURIComponent(document)}&limit=${limit}`,
			token
		),
	/** Refused attempts to break a rule inside a document, newest first (leaders and the office). */
	violations: (token: string, limit = 200) =>
		request<{ violations: ViolationEntry[] }>('GET', `/api/violations?limit=${limit}`, token)
};
