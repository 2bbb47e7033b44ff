import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { deflateSync } from 'node:zlib';

/** Photo fixtures and requests for the blob store's tests. */

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A valid 1×1 RGB PNG whose pixel is `rgb` (different colours, different hashes). */
export function png(rgb = 0x336699): Uint8Array {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(1, 0); // width
	header.writeUInt32BE(1, 4); // height
	header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
	const row = Buffer.from([0, (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff]); // filter 0, one pixel
	const file = Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', deflateSync(row)),
		pngChunk('IEND', new Uint8Array())
	]);
	return new Uint8Array(file);
}

/** A JPEG of `size` bytes as far as its markers go (SOI, a JFIF APP0, filler, EOI); `seed` varies it. */
export function jpeg(size: number, seed = 1): Uint8Array {
	const bytes = new Uint8Array(size).fill(seed & 0xff);
	bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00]);
	bytes.set([0xff, 0xd9], size - 2);
	return bytes;
}

/** `fetch` of a blob URL with a member's token (if any). */
export function blobFetch(
	url: string,
	path: string,
	options: {
		method?: string;
		token?: string;
		body?: Uint8Array | ReadableStream<Uint8Array>;
		headers?: Record<string, string>;
	} = {}
): Promise<Response> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
	return fetch(`${url}${path}`, {
		method: options.method ?? 'GET',
		headers,
		// A copy on its own ArrayBuffer: what the DOM types accept as a body.
		body: options.body instanceof Uint8Array ? new Uint8Array(options.body) : options.body,
		...(options.body instanceof ReadableStream ? { duplex: 'half' } : {})
	});
}

export interface RawAnswer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/**
 * A PUT that declares `length` bytes and sends only `sent` of them: the server must answer
 * without waiting for the rest (a Content-Length refusal), or drop the request when it is cut.
 */
export function partialPut(
	url: string,
	path: string,
	token: string,
	length: number,
	sent: Uint8Array = new Uint8Array()
): { answer: Promise<RawAnswer>; cut(): void } {
	const req = request(`${url}${path}`, {
		method: 'PUT',
		headers: { Authorization: `Bearer ${token}`, 'Content-Length': String(length) }
	});
	const answer = new Promise<RawAnswer>((resolve, reject) => {
		req.on('response', (res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString()));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) })
			);
		});
		req.on('error', reject);
	});
	void answer.catch(() => {}); // a cut request has no answer; only callers who wait for one see why
	if (sent.length > 0) req.write(sent);
	req.flushHeaders();
	return { answer, cut: () => req.destroy() };
}
