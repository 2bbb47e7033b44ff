import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../src/lib/api/error.ts';
import type { AccountErrorCode } from '../accounts/types.ts';
import { readBody } from './body.ts';

/** Request bodies are a code and a name, or a role: 16 KiB is generous. */
export const MAX_BODY_BYTES = 16 * 1024;

/** HTTP-level refusals that are not account rules (bad JSON, unknown route …). */
export { ApiError };

const STATUS: Record<AccountErrorCode, number> = {
	unauthorized: 401,
	expired: 401,
	revoked: 403,
	forbidden: 403,
	invalid_name: 400,
	invalid_role: 400,
	invalid_workspace: 400,
	invalid_document: 400,
	invalid_backup: 400,
	cannot_revoke_self: 400,
	workspace_exists: 409,
	workspace_not_found: 404,
	member_not_found: 404,
	invite_not_found: 404,
	invite_used: 410,
	invite_expired: 410,
	signin_code_not_found: 404,
	signin_code_used: 410,
	signin_code_expired: 410,
	code_not_found: 404,
	invite_cancelled: 410,
	session_not_found: 404,
	name_taken: 409,
	rate_limited: 429
};

export function statusOf(code: AccountErrorCode): number {
	return STATUS[code];
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
	if (res.headersSent) return;
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(text),
		// Tokens and member lists must not sit in a shared or service-worker cache.
		'Cache-Control': 'no-store'
	});
	res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
	// An oversized body is left unread: close the connection rather than read it to reuse it.
	if (status === 413) res.setHeader('Connection', 'close');
	sendJson(res, status, { error: code, message });
}

/** Reads and parses a JSON body of at most `MAX_BODY_BYTES`. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
	const body = await readBody(req, {
		maxBytes: MAX_BODY_BYTES,
		tooLarge: () => new ApiError(413, 'payload_too_large', `request body over ${MAX_BODY_BYTES} bytes`)
	});
	try {
		return JSON.parse(body.toString('utf8')) as unknown;
	} catch {
		throw new ApiError(400, 'bad_request', 'the request body is not JSON');
	}
}

/** The body as an object of fields; anything else (array, string, null) is a bad request. */
export function fields(body: unknown): Record<string, unknown> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new ApiError(400, 'bad_request', 'the request body must be a JSON object');
	}
	return body as Record<string, unknown>;
}
