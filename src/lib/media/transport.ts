import { BlobTransportError, abortError } from './errors.ts';

/** Bytes of the current upload sent so far, of `total`. */
export type UploadProgress = (sent: number, total: number) => void;

/**
 * The server's blob store for one workspace, as the queue and the library use it. Every method
 * rejects with BlobTransportError (or an AbortError when `signal` aborts).
 */
export interface BlobTransport {
	/** Stores the photo under its hash; resolves once the server has it (201 new, 200 known). */
	put(hash: string, blob: Blob, type: string, onProgress: UploadProgress, signal: AbortSignal): Promise<void>;
	/** The photo, or null when the server does not have it (404: not uploaded yet). */
	get(hash: string, signal?: AbortSignal): Promise<Blob | null>;
	/** Whether the server has the photo, without its bytes. Optional: without it, uploads just PUT. */
	head?(hash: string, signal?: AbortSignal): Promise<boolean>;
}

export interface FetchTransportOptions {
	workspace: string;
	/** The device token at the time of each request; null means signed out (a 401 without asking). */
	token: () => string | null;
	/** Prefix of `/api/blobs/…`. Default '' (same origin as the app). */
	baseUrl?: string;
	/** Default the global fetch. */
	fetch?: typeof fetch;
	/**
	 * PUT through XMLHttpRequest, whose upload events report progress (fetch cannot, short of
	 * streaming request bodies, which need HTTP/2 and Chrome). Default: when XMLHttpRequest exists.
	 */
	useXhr?: boolean;
}

/** The sync server's blob routes: `PUT/GET/HEAD /api/blobs/<workspace>/<sha256>`, Bearer token. */
export function fetchTransport(options: FetchTransportOptions): BlobTransport {
	const url = (hash: string) =>
		`${options.baseUrl ?? ''}/api/blobs/${encodeURIComponent(options.workspace)}/${encodeURIComponent(hash)}`;
	const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
	const useXhr = options.useXhr ?? typeof XMLHttpRequest !== 'undefined';

	function authorization(): string {
		const token = options.token();
		if (token === null) throw new BlobTransportError(401, 'unauthorized', 'no device token');
		return `Bearer ${token}`;
	}

	async function send(method: string, hash: string, init: RequestInit): Promise<Response> {
		const headers = {
			...(init.headers as Record<string, string> | undefined),
			authorization: authorization()
		};
		try {
			return await doFetch(url(hash), { ...init, method, headers });
		} catch (error) {
			if (init.signal?.aborted) throw abortError();
			throw new BlobTransportError(0, 'network', `no answer: ${String(error)}`);
		}
	}

	return {
		async put(hash, blob, type, onProgress, signal) {
			if (useXhr) return xhrPut(url(hash), authorization(), blob, type, onProgress, signal);
			onProgress(0, blob.size);
			const response = await send('PUT', hash, { body: blob, headers: { 'content-type': type }, signal });
			if (!response.ok) throw await errorOf(response);
			onProgress(blob.size, blob.size);
		},
		async get(hash, signal) {
			const response = await send('GET', hash, { signal });
			if (response.status === 404) return null;
			if (!response.ok) throw await errorOf(response);
			try {
				return await response.blob();
			} catch {
				if (signal?.aborted) throw abortError();
				throw new BlobTransportError(0, 'network', 'the answer was cut off');
			}
		},
		async head(hash, signal) {
			const response = await send('HEAD', hash, { signal });
			if (response.status === 404) return false;
			if (!response.ok) throw errorFrom(response.status, '', response.headers.get('retry-after'));
			return true;
		}
	};
}

async function errorOf(response: Response): Promise<BlobTransportError> {
	return errorFrom(
		response.status,
		await response.text().catch(() => ''),
		response.headers.get('retry-after')
	);
}

/** The server's `{ error, message }` as a BlobTransportError; `unknown` for an answer without a code. */
export function errorFrom(status: number, body: string, retryAfter: string | null): BlobTransportError {
	let code = 'unknown';
	let message = `HTTP ${status}`;
	try {
		const data = JSON.parse(body) as { error?: unknown; message?: unknown };
		if (typeof data.error === 'string') code = data.error;
		if (typeof data.message === 'string') message = data.message;
	} catch {
		// A proxy's HTML error page: the status still says whether to retry.
	}
	const seconds = retryAfter === null ? NaN : Number(retryAfter);
	return new BlobTransportError(status, code, message, Number.isFinite(seconds) ? seconds * 1000 : undefined);
}

function xhrPut(
	url: string,
	authorization: string,
	blob: Blob,
	type: string,
	onProgress: UploadProgress,
	signal: AbortSignal
): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal.aborted) return reject(abortError());
		const xhr = new XMLHttpRequest();
		const onAbort = () => xhr.abort();
		const done = (error?: unknown) => {
			signal.removeEventListener('abort', onAbort);
			if (error === undefined) resolve();
			else reject(error);
		};
		xhr.open('PUT', url);
		xhr.setRequestHeader('authorization', authorization);
		xhr.setRequestHeader('content-type', type);
		xhr.upload.onprogress = (event) =>
			onProgress(event.loaded, event.lengthComputable ? event.total : blob.size);
		xhr.onload = () => {
			if (xhr.status >= 200 && xhr.status < 300) return done();
			done(errorFrom(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
		};
		xhr.onerror = () => done(new BlobTransportError(0, 'network', 'no answer'));
		xhr.ontimeout = xhr.onerror;
		xhr.onabort = () => done(abortError());
		signal.addEventListener('abort', onAbort, { once: true });
		onProgress(0, blob.size);
		xhr.send(blob);
	});
}
