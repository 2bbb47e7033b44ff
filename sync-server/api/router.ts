import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import type { AccountStore } from '../accounts/store.ts';
import type { DocumentHistory } from '../history.ts';
import { AccountError, type Session } from '../accounts/types.ts';
import { readBody, sendBytes, type BodyLimit } from './body.ts';
import { ApiError, readJson, sendError, sendJson, statusOf } from './json.ts';

/** What one photo and one workspace's photos may weigh (`SyncServerOptions.maxBlobBytes` …). */
export interface PhotoLimits {
	maxBytes: number;
	quotaBytes: number;
}

/** What every handler may use. */
export interface ApiContext {
	accounts: AccountStore;
	/** A member was revoked through the API: their sockets close now, not at the next poll. */
	onRevoked: (memberId: string) => void;
	/** A device session was revoked through the API: its sockets close now. */
	onSessionRevoked: (sessionId: string) => void;
	/** Admits or refuses one join attempt from an address (see `AddressLimiter`). */
	joinLimiter: { take(address: string): boolean };
	photos: PhotoLimits;
	/** Documents' change logs and earlier states, from the stored history. */
	history: DocumentHistory;
	log: Logger;
}

export interface ApiRequest {
	/** `HEAD` reaches GET routes: Node sends no body for it, a route may skip reading one. */
	method: string;
	url: URL;
	/** The route pattern's captured groups, decoded. */
	params: string[];
	/** The parsed JSON body; `bad_request` if it is not JSON, `payload_too_large` over 16 KiB. */
	json(): Promise<unknown>;
	/** The raw body, up to `limit` (see `readBody`); for routes that take bytes (photos). */
	bytes(limit: BodyLimit): Promise<Buffer>;
	/** A request header, lower-case name; a repeated header's values joined with `, `. */
	header(name: string): string | undefined;
	/** The Bearer token's session; `refresh` also accepts a recently expired token. */
	session(options?: { refresh?: boolean }): Session;
	/** The Bearer token as sent; `unauthorized` without one. */
	token(): string;
	/** The peer's IP address (the socket's; a proxy in front is not trusted to tell another). */
	address: string;
	/** The User-Agent header, for telling device sessions apart. */
	agent: string;
}

/** A JSON answer. */
export interface JsonResult {
	status: number;
	body: unknown;
}

/** An answer that is not JSON (a photo): its headers, and its bytes unless it has none (304, HEAD). */
export interface RawResult {
	status: number;
	headers: OutgoingHttpHeaders;
	bytes?: Uint8Array;
}

export type ApiResult = JsonResult | RawResult;

export interface Route {
	/** A GET route answers HEAD too. */
	method: 'GET' | 'POST' | 'PUT';
	/** Matched against the whole path; capture groups become `params`. */
	path: RegExp;
	handle(request: ApiRequest, context: ApiContext): ApiResult | Promise<ApiResult>;
}

function bearer(req: IncomingMessage): string {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	if (!match?.[1]) throw new AccountError('unauthorized', 'missing Authorization: Bearer <token>');
	return match[1];
}

/**
 * `decodeURIComponent`, or null for a malformed escape such as `%E0%A4%A`, on which it throws:
 * routing runs outside the handlers' promise chain, where a throw would crash the process.
 */
function decodeParam(part: string | undefined): string | null {
	try {
		return decodeURIComponent(part ?? '');
	} catch {
		return null;
	}
}

/** Dispatches `/api/…` requests to `routes`; every answer but a route's raw one (a photo) is JSON. */
export function apiHandler(routes: readonly Route[], context: ApiContext, log: Logger) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const matching = routes.flatMap((route) => {
			const match = route.path.exec(url.pathname);
			return match === null ? [] : [{ route, params: match.slice(1).map(decodeParam) }];
		});
		const method = req.method === 'HEAD' ? 'GET' : req.method;
		const found = matching.find(({ route }) => route.method === method);
		if (found === undefined) {
			const error =
				matching.length === 0
					? new ApiError(404, 'not_found', `no API route ${url.pathname}`)
					: new ApiError(405, 'method_not_allowed', `${req.method ?? ''} not allowed here`);
			return sendError(res, error.status, error.code, error.message);
		}
		const params = found.params.filter((param) => param !== null);
		if (params.length < found.params.length) {
			return sendError(res, 400, 'bad_request', 'malformed percent-encoding in the path');
		}
		const request: ApiRequest = {
			method: req.method ?? '',
			url,
			params,
			json: () => readJson(req),
			bytes: (limit) => readBody(req, limit),
			header: (name) => {
				const value = req.headers[name.toLowerCase()];
				return Array.isArray(value) ? value.join(', ') : value;
			},
			session: (options) => context.accounts.verifyToken(bearer(req), options),
			token: () => bearer(req),
			address: req.socket.remoteAddress ?? 'unknown',
			agent: req.headers['user-agent'] ?? ''
		};
		Promise.resolve()
			.then(() => found.route.handle(request, context))
			.then(
				(result) =>
					'body' in result
						? sendJson(res, result.status, result.body)
						: sendBytes(res, result.status, result.headers, result.bytes),
				(error: unknown) => {
					if (error instanceof ApiError) return sendError(res, error.status, error.code, error.message);
					if (error instanceof AccountError)
						return sendError(res, statusOf(error.code), error.code, error.message);
					log.error('api failed', { path: url.pathname, error });
					sendError(res, 500, 'internal', 'internal error');
				}
			);
	};
}
