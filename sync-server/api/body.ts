import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { ApiError } from '../../src/lib/api/error.ts';

/** How much of a request body a route takes, and what it answers beyond that. */
export interface BodyLimit {
	maxBytes: number;
	/** The refusal, a 413 (which closes the connection, see `sendError`). */
	tooLarge: () => ApiError;
}

/**
 * Reads a request body of at most `limit.maxBytes`. A declared Content-Length over it is refused
 * before anything is read; a body that grows past it while streaming (chunked, or a lying
 * length) is refused as soon as it does: reading stops and what was read is dropped, so memory
 * never holds more than the limit. A request that ends early is refused with `bad_request`.
 */
export function readBody(req: IncomingMessage, limit: BodyLimit): Promise<Buffer> {
	return new Promise<Buffer>((resolve, reject) => {
		if (Number(req.headers['content-length'] ?? 0) > limit.maxBytes) return reject(limit.tooLarge());
		let chunks: Buffer[] = [];
		let size = 0;
		// Not `for await`: leaving it early destroys the socket, and the 413 would never be sent.
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit.maxBytes) return void chunks.push(chunk);
			req.off('data', onData);
			req.pause();
			chunks = [];
			reject(limit.tooLarge());
		};
		req.on('data', onData);
		req.on('end', () => resolve(Buffer.concat(chunks)));
		// The client went away mid-body (its answer goes nowhere); nothing was kept.
		const cut = () => reject(new ApiError(400, 'bad_request', 'the request ended before its body'));
		req.on('error', cut);
		req.on('close', () => req.complete || cut());
	});
}

/** Answers with `bytes` as they are (a photo), or no body (304, and every answer to HEAD). */
export function sendBytes(
	res: ServerResponse,
	status: number,
	headers: OutgoingHttpHeaders,
	bytes?: Uint8Array
): void {
	if (res.headersSent) return;
	res.writeHead(status, headers);
	res.end(bytes);
}
