/**
 * Every error code a person can meet from the HTTP API: the server's account refusals
 * (sync-server/accounts/types.ts `AccountErrorCode`), its HTTP-level refusals (sync-server/api),
 * and the client's own `network` (no answer) and `unknown` (an answer without a code). The UI
 * has a message for each (`error.api.<code>`); tests/unit/i18n-catalogue.test.ts checks that
 * every code the server sources throw is listed here.
 */
export const API_ERROR_CODES = [
	'unauthorized',
	'expired',
	'revoked',
	'forbidden',
	'invalid_name',
	'invalid_role',
	'invalid_workspace',
	'invalid_document',
	'history_unavailable',
	'invalid_backup',
	'workspace_exists',
	'workspace_not_found',
	'member_not_found',
	'invite_not_found',
	'invite_used',
	'invite_expired',
	'code_not_found',
	'signin_code_not_found',
	'signin_code_used',
	'signin_code_expired',
	'invite_cancelled',
	'session_not_found',
	'name_taken',
	'rate_limited',
	'cannot_revoke_self',
	'bad_request',
	'payload_too_large',
	'not_found',
	'method_not_allowed',
	'internal',
	'wrong_workspace',
	'invalid_hash',
	'hash_mismatch',
	'not_image',
	'photo_too_large',
	'photo_quota_exceeded',
	'photo_not_found',
	'network',
	'unknown'
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export function isApiErrorCode(code: string): code is ApiErrorCode {
	return (API_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * A refusal from the HTTP API: the HTTP `status` and a stable error `code` (the body's `error`).
 * The server throws it to answer; the browser client gets it back, or `code` `network` when the
 * server could not be reached. `message` is English, for logs; people see `error.api.<code>`.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'ApiError';
	}

	/** The request never reached the server (the device is offline). */
	get offline(): boolean {
		return this.code === 'network';
	}
}
