import { describe, expect, it } from 'vitest';
import { BlobTransportError } from '../../src/lib/media/errors.ts';
import { fetchTransport } from '../../src/lib/media/transport.ts';

interface Call {
	url: string;
	method: string;
	headers: Record<string, string>;
	body: unknown;
}

/** A fetch that records requests and answers with `answer`. */
function fakeFetch(answer: (call: Call) => Response | Promise<Response>) {
	const calls: Call[] = [];
	const fetch = async (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const call = {
			url: String(url),
			method: init?.method ?? 'GET',
			headers: (init?.headers ?? {}) as Record<string, string>,
			body: init?.body
		};
		calls.push(call);
		if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
		return answer(call);
	};
	return { calls, fetch: fetch as typeof globalThis.fetch };
}

const hash = 'ab'.repeat(32);
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

function transport(answer: (call: Call) => Response | Promise<Response>, token: string | null = 'tok') {
	const fake = fakeFetch(answer);
	return {
		calls: fake.calls,
		blobs: fetchTransport({ workspace: 'ws_1', token: () => token, fetch: fake.fetch, useXhr: false })
	};
}

async function thrown(promise: Promise<unknown>): Promise<unknown> {
	return promise.then(
		() => null,
		(error: unknown) => error
	);
}

describe('fetchTransport', () => {
	it('PUTs the bytes with the token and type, and reports progress', async () => {
		const { calls, blobs } = transport(() => json(201, { hash, type: 'image/jpeg', bytes: 3 }));
		const blob = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' });
		const progress: number[][] = [];
		await blobs.put(
			hash,
			blob,
			'image/jpeg',
			(sent, total) => progress.push([sent, total]),
			new AbortController().signal
		);
		expect(calls).toEqual([
			{
				url: `/api/blobs/ws_1/${hash}`,
				method: 'PUT',
				headers: { 'content-type': 'image/jpeg', authorization: 'Bearer tok' },
				body: blob
			}
		]);
		expect(progress).toEqual([
			[0, 3],
			[3, 3]
		]);
	});

	it('turns refusals into typed errors that say whether to retry', async () => {
		const cases: [Response | (() => never), number, string, boolean][] = [
			[json(413, { error: 'photo_too_large', message: 'too big' }), 413, 'photo_too_large', false],
			[json(422, { error: 'hash_mismatch', message: '' }), 422, 'hash_mismatch', false],
			[json(507, { error: 'photo_quota_exceeded', message: '' }), 507, 'photo_quota_exceeded', true],
			[new Response('<html>Bad gateway</html>', { status: 502 }), 502, 'unknown', true],
			[json(401, { error: 'unauthorized', message: '' }), 401, 'unauthorized', false],
			[
				() => {
					throw new TypeError('Failed to fetch');
				},
				0,
				'network',
				true
			]
		];
		for (const [answer, status, code, retryable] of cases) {
			const { blobs } = transport(() => (typeof answer === 'function' ? answer() : answer));
			const error = await thrown(
				blobs.put(hash, new Blob(['x']), 'image/jpeg', () => {}, new AbortController().signal)
			);
			expect(error).toBeInstanceOf(BlobTransportError);
			expect(error).toMatchObject({ status, code, retryable });
		}
	});

	it('reads Retry-After', async () => {
		const { blobs } = transport(() =>
			json(429, { error: 'rate_limited', message: '' }, { 'retry-after': '30' })
		);
		const error = await thrown(
			blobs.put(hash, new Blob(['x']), 'image/jpeg', () => {}, new AbortController().signal)
		);
		expect(error).toMatchObject({ status: 429, retryable: true, retryAfterMs: 30_000 });
	});

	it('GETs a photo, null on 404, and HEAD says whether the server has it', async () => {
		const { calls, blobs } = transport((call) =>
			call.url.endsWith(hash)
				? new Response(call.method === 'HEAD' ? null : 'bytes', {
						status: 200,
						headers: { etag: `"${hash}"` }
					})
				: json(404, { error: 'photo_not_found', message: '' })
		);
		expect(await (await blobs.get(hash))!.text()).toBe('bytes');
		expect(await blobs.get('cd'.repeat(32))).toBeNull();
		expect(await blobs.head!(hash)).toBe(true);
		expect(await blobs.head!('cd'.repeat(32))).toBe(false);
		expect(calls.map((call) => [call.method, call.headers.authorization])).toEqual([
			['GET', 'Bearer tok'],
			['GET', 'Bearer tok'],
			['HEAD', 'Bearer tok'],
			['HEAD', 'Bearer tok']
		]);
	});

	it('refuses without asking when signed out, and rejects with AbortError when stopped', async () => {
		const signedOut = transport(() => json(201, {}), null);
		expect(await thrown(signedOut.blobs.get(hash))).toMatchObject({ status: 401, code: 'unauthorized' });
		expect(signedOut.calls).toHaveLength(0);

		const { blobs } = transport(() => json(201, {}));
		const controller = new AbortController();
		controller.abort();
		const error = await thrown(blobs.put(hash, new Blob(['x']), 'image/jpeg', () => {}, controller.signal));
		expect(error).toMatchObject({ name: 'AbortError' });
	});
});
