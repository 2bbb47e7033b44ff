import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncServerOptions } from '../../sync-server/server.ts';
import { sqliteFile } from '../../sync-server/storage/sqlite.ts';
import { addMember, api, openAccounts, runAdmin, startAccountServer } from './account-helpers.ts';
import { teardown, tempDir } from './helpers.ts';
import { blobFetch, jpeg, partialPut, png, sha256 } from './photo-helpers.ts';

afterEach(teardown);

async function setup(options: SyncServerOptions = {}) {
	const server = await startAccountServer(options);
	server.accounts.createWorkspace({ id: 'school_a', name: '甲校' });
	server.accounts.createWorkspace({ id: 'school_b', name: '乙校' });
	const inspector = addMember(server.accounts, 'school_a', 'inspector', '赵老师');
	const viewer = addMember(server.accounts, 'school_a', 'viewer', '督导');
	const outsider = addMember(server.accounts, 'school_b', 'office', '乙校办公室');
	/** PUTs `bytes` under `hash` (their own by default) as `token`; status and JSON answer. */
	const put = async (bytes: Uint8Array, token = inspector.token, hash = sha256(bytes), ws = 'school_a') => {
		const response = await blobFetch(server.url, `/api/blobs/${ws}/${hash}`, {
			method: 'PUT',
			token,
			body: bytes
		});
		return { status: response.status, body: (await response.json()) as Record<string, unknown> };
	};
	return { ...server, inspector, viewer, outsider, put };
}

/** Who uploaded each stored photo, read from the database file as the admin CLI would. */
function uploaders(dataDir: string): string[] {
	const db = new Database(sqliteFile(dataDir), { readonly: true });
	try {
		return db.prepare('SELECT created_by FROM blobs ORDER BY created_at').pluck().all() as string[];
	} finally {
		db.close();
	}
}

const SECURITY = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };

describe('PUT and GET /api/blobs/<workspace>/<sha256>', () => {
	it('stores a photo once and serves it with its type, ETag and a long private cache', async () => {
		const { url, put, inspector, viewer, accounts, dataDir } = await setup();
		const photo = png();
		const hash = sha256(photo);
		expect(await put(photo)).toEqual({ status: 201, body: { hash, type: 'image/png', bytes: photo.length } });

		const got = await blobFetch(url, `/api/blobs/school_a/${hash}`, { token: viewer.token });
		expect(got.status).toBe(200);
		expect(new Uint8Array(await got.arrayBuffer())).toEqual(photo);
		expect(Object.fromEntries(got.headers)).toMatchObject({
			'content-type': 'image/png',
			'content-length': String(photo.length),
			etag: `"${hash}"`,
			'cache-control': 'private, max-age=31536000, immutable',
			...SECURITY
		});

		const head = await blobFetch(url, `/api/blobs/school_a/${hash}`, { method: 'HEAD', token: viewer.token });
		expect(head.status).toBe(200);
		expect(head.headers.get('content-length')).toBe(String(photo.length));
		expect(head.headers.get('etag')).toBe(`"${hash}"`);
		expect(await head.text()).toBe('');

		for (const tag of [`"${hash}"`, `W/"${hash}"`, `"other", "${hash}"`, '*']) {
			const cached = await blobFetch(url, `/api/blobs/school_a/${hash}`, {
				token: viewer.token,
				headers: { 'If-None-Match': tag }
			});
			expect(cached.status, tag).toBe(304);
			expect(cached.headers.get('etag')).toBe(`"${hash}"`);
			expect(await cached.text()).toBe('');
		}
		const stale = await blobFetch(url, `/api/blobs/school_a/${hash}`, {
			token: viewer.token,
			headers: { 'If-None-Match': '"other"' }
		});
		expect(stale.status).toBe(200);

		// Idempotent: the same answer, nothing rewritten (the first uploader stays the uploader).
		const office = addMember(accounts, 'school_a', 'office');
		expect(await put(photo, office.token)).toEqual({
			status: 200,
			body: { hash, type: 'image/png', bytes: photo.length }
		});
		expect(accounts.blobs.usage('school_a')).toEqual({ count: 1, bytes: photo.length });
		expect(uploaders(dataDir)).toEqual([inspector.id]);

		const unknown = '0'.repeat(64);
		const missing = await blobFetch(url, `/api/blobs/school_a/${unknown}`, { token: viewer.token });
		expect({ status: missing.status, body: await missing.json() }).toMatchObject({
			status: 404,
			body: { error: 'photo_not_found' }
		});
		const missingHead = await blobFetch(url, `/api/blobs/school_a/${unknown}`, {
			method: 'HEAD',
			token: viewer.token
		});
		expect(missingHead.status).toBe(404);
		// Immutable: no way to delete or replace through the API.
		const deleted = await blobFetch(url, `/api/blobs/school_a/${hash}`, {
			method: 'DELETE',
			token: office.token
		});
		expect({ status: deleted.status, body: await deleted.json() }).toMatchObject({
			status: 405,
			body: { error: 'method_not_allowed' }
		});
	});

	it('takes its type from the bytes, not the Content-Type, and keeps the JPEG as sent', async () => {
		const { url, inspector, viewer } = await setup();
		const photo = jpeg(2_000);
		const hash = sha256(photo);
		const sent = await blobFetch(url, `/api/blobs/school_a/${hash}`, {
			method: 'PUT',
			token: inspector.token,
			body: photo,
			headers: { 'Content-Type': 'text/html' }
		});
		expect(sent.status).toBe(201);
		expect(await sent.json()).toEqual({ hash, type: 'image/jpeg', bytes: 2_000 });
		const got = await blobFetch(url, `/api/blobs/school_a/${hash}`, { token: viewer.token });
		expect(got.headers.get('content-type')).toBe('image/jpeg');
		expect(new Uint8Array(await got.arrayBuffer())).toEqual(photo);
	});

	it('refuses wrong and malformed hashes, and bodies that are not images', async () => {
		const { url, put, viewer, accounts } = await setup();
		expect(await put(png(), undefined, sha256(png(0x000000)))).toMatchObject({
			status: 422,
			body: { error: 'hash_mismatch' }
		});
		for (const bad of ['ABC', 'A'.repeat(64), `${'0'.repeat(63)}g`, '0'.repeat(65)]) {
			expect(await put(png(), undefined, bad), bad).toMatchObject({
				status: 400,
				body: { error: 'invalid_hash' }
			});
			const got = await blobFetch(url, `/api/blobs/school_a/${bad}`, { token: viewer.token });
			expect(got.status, bad).toBe(400);
		}
		const text = new TextEncoder().encode('隐患：灭火器过期\n');
		const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>');
		const heic = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic\0\0\0\0mif1heic')]);
		for (const body of [text, pdf, svg, heic, new Uint8Array()]) {
			expect(await put(body)).toMatchObject({ status: 415, body: { error: 'not_image' } });
		}
		expect(accounts.blobs.usage('school_a').count).toBe(0);
	});

	it('refuses a photo over the size limit from its Content-Length, and while streaming', async () => {
		const { url, put, inspector, accounts, logs } = await setup({ maxBlobBytes: 1_024 });
		expect((await put(jpeg(1_024))).status).toBe(201);
		expect(await put(jpeg(1_025))).toMatchObject({ status: 413, body: { error: 'photo_too_large' } });

		// Answered before any of the body is sent: the declared length alone is refused.
		const declared = await partialPut(
			url,
			`/api/blobs/school_a/${'a'.repeat(64)}`,
			inspector.token,
			50_000_000
		).answer;
		expect(declared).toMatchObject({ status: 413, body: { error: 'photo_too_large' } });
		expect(declared.headers.connection).toBe('close');

		// No length (chunked): reading stops once the body passes the limit, long before its end.
		const chunk = jpeg(64 * 1024, 7);
		const total = 512; // 32 MiB, more than every socket buffer on the way can hold
		let pulled = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (pulled++ < total) controller.enqueue(chunk);
				else controller.close();
			}
		});
		const streamed = await blobFetch(url, `/api/blobs/school_a/${'c'.repeat(64)}`, {
			method: 'PUT',
			token: inspector.token,
			body: stream
		});
		expect({ status: streamed.status, body: await streamed.json() }).toMatchObject({
			status: 413,
			body: { error: 'photo_too_large' }
		});
		expect(pulled).toBeLessThan(total);

		// An upload cut off halfway stores nothing, and the server goes on serving.
		const cut = partialPut(url, `/api/blobs/school_a/${'b'.repeat(64)}`, inspector.token, 1_000, jpeg(500));
		await new Promise((resolve) => setTimeout(resolve, 50));
		cut.cut();
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(accounts.blobs.usage('school_a').count).toBe(1);
		expect((await put(jpeg(800, 2))).status).toBe(201);
		expect(logs.filter((entry) => entry.level === 'error')).toEqual([]);
		// The JSON routes keep their own 16 KiB limit.
		expect(await api(url, '/api/join', { rawBody: 'x'.repeat(17 * 1024) })).toMatchObject({
			status: 413,
			body: { error: 'payload_too_large' }
		});
	});

	it('refuses tokens of another workspace, missing and forged tokens; viewers read but do not upload', async () => {
		const { url, put, outsider, viewer, inspector } = await setup();
		const photo = png();
		const hash = sha256(photo);
		expect(await put(photo, outsider.token)).toMatchObject({
			status: 403,
			body: { error: 'wrong_workspace' }
		});
		expect(await put(photo, outsider.token, hash, 'school_b')).toMatchObject({ status: 201 });
		expect(await put(photo, viewer.token)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
		expect((await put(photo, inspector.token)).status).toBe(201);
		const path = `/api/blobs/school_a/${hash}`;
		const asOutsider = await blobFetch(url, path, { token: outsider.token });
		expect({ status: asOutsider.status, body: await asOutsider.json() }).toMatchObject({
			status: 403,
			body: { error: 'wrong_workspace' }
		});
		for (const token of [undefined, 'not-a-token', `${inspector.token.slice(0, -2)}xx`]) {
			for (const method of ['GET', 'PUT']) {
				const response = await blobFetch(url, path, {
					method,
					token,
					body: method === 'PUT' ? photo : undefined
				});
				expect({ status: response.status, body: await response.json() }, `${method} ${token}`).toMatchObject({
					status: 401,
					body: { error: 'unauthorized' }
				});
			}
		}
		expect((await blobFetch(url, path, { token: viewer.token })).status).toBe(200);
	});

	it("refuses a photo that would pass the workspace's quota; stored ones still answer 200", async () => {
		const { put, accounts, logs } = await setup({ blobQuotaBytes: 2_500 });
		expect((await put(jpeg(1_000, 1))).status).toBe(201);
		expect((await put(jpeg(1_000, 2))).status).toBe(201);
		expect(await put(jpeg(1_000, 3))).toMatchObject({ status: 507, body: { error: 'photo_quota_exceeded' } });
		expect((await put(jpeg(400, 4))).status).toBe(201); // what fits still goes in
		expect((await put(jpeg(1_000, 1))).status).toBe(200);
		expect(accounts.blobs.usage('school_a')).toEqual({ count: 3, bytes: 2_400 });
		expect(logs.find((entry) => entry.message === 'photo quota exceeded')?.fields).toMatchObject({
			workspace: 'school_a',
			storedBytes: 2_000,
			bytes: 1_000,
			quotaBytes: 2_500
		});
	});

	it('stores one row for two uploads of one hash at once', async () => {
		const { put, accounts } = await setup();
		const photo = jpeg(300_000, 9);
		const answers = await Promise.all([put(photo), put(photo), put(photo)]);
		expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
		expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).toBe(1);
		expect(accounts.blobs.usage('school_a')).toEqual({ count: 1, bytes: 300_000 });
	});
});

describe('photos in backups', () => {
	it('backup → restore keeps photos; restoring over photos already there, or stored since, merges', async () => {
		const { url, put, dataDir, viewer, accounts } = await setup();
		const before = png(0x112233);
		expect((await put(before)).status).toBe(201);
		const file = join(tempDir(), 'photos.sqlite');
		const backup = await runAdmin(dataDir, ['backup', '--workspace', 'school_a', '--out', file]);
		expect(backup.code, backup.stderr).toBe(0);
		const after = png(0x445566);
		expect((await put(after)).status).toBe(201);

		const restored = await runAdmin(dataDir, ['restore', file]);
		expect(restored.code, restored.stderr).toBe(0);
		for (const photo of [before, after]) {
			const got = await blobFetch(url, `/api/blobs/school_a/${sha256(photo)}`, { token: viewer.token });
			expect(new Uint8Array(await got.arrayBuffer())).toEqual(photo);
		}
		const rooms = await runAdmin(dataDir, ['rooms', '--workspace', 'school_a']);
		expect(JSON.parse(rooms.stdout)).toMatchObject({
			photos: { count: 2, bytes: before.length + after.length }
		});
		expect(accounts.blobs.usage('school_b').count).toBe(0);

		// Into another server's data directory, which has never seen the workspace.
		const elsewhere = openAccounts(tempDir());
		expect(elsewhere.restore(file)).toMatchObject({ workspace: 'school_a' });
		expect(elsewhere.blobs.read('school_a', sha256(before))?.data).toEqual(Buffer.from(before));
		expect(elsewhere.blobs.usage('school_a').count).toBe(1);
	});

	it('a backup made before photos existed (schema 3) restores and keeps the photos stored since', () => {
		const accounts = openAccounts(tempDir());
		accounts.createWorkspace({ id: 'old', name: '旧校' });
		const file = join(tempDir(), 'v3.sqlite');
		accounts.backup('old', file);
		const old = new Database(file);
		old.exec('DROP TABLE blobs');
		old.pragma('user_version = 3');
		old.close();
		const photo = png();
		const member = accounts.addMember('old', '李主任', 'office');
		const quotaBytes = 1_000_000;
		const stored = accounts.blobs.put({
			workspace: 'old',
			hash: sha256(photo),
			type: 'image/png',
			data: photo,
			memberId: member.id,
			quotaBytes
		});
		expect(stored.outcome).toBe('created');
		expect(accounts.restore(file)).toMatchObject({ workspace: 'old' });
		expect(accounts.blobs.usage('old')).toEqual({ count: 1, bytes: photo.length });
	});
});
