import { createHash } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import { photoType } from '../../src/lib/api/photo-type.ts';
import { canUploadPhotos } from '../../src/lib/model/permissions.ts';
import { isContentHash } from '../../src/lib/model/photos.ts';
import { AccountError, type Session } from '../accounts/types.ts';
import { ApiError } from './json.ts';
import type { ApiRequest, Route } from './router.ts';

/** `/api/blobs/<workspace>/<sha256>`: the URL contract scripts and the app depend on. */
const PATH = /^\/api\/blobs\/([^/]+)\/([^/]+)$/;

/** A hash names its bytes forever: any cache of the member's may keep them. */
const CACHE_CONTROL = 'private, max-age=31536000, immutable';

/** The caller's session, and the workspace and hash of the URL once both are checked. */
function photoRequest(request: ApiRequest): { session: Session; workspace: string; hash: string } {
	const session = request.session();
	const [workspace = '', hash = ''] = request.params;
	if (workspace !== session.member.workspace) {
		throw new ApiError(403, 'wrong_workspace', 'the token belongs to another workspace');
	}
	if (!isContentHash(hash))
		throw new ApiError(400, 'invalid_hash', 'the hash must be 64 lowercase hex digits');
	return { session, workspace, hash };
}

/** Whether `If-None-Match` names `hash` (weak comparison, as RFC 9110 asks for this header). */
function notModified(ifNoneMatch: string | undefined, hash: string): boolean {
	if (ifNoneMatch === undefined) return false;
	return ifNoneMatch
		.split(',')
		.map((tag) => tag.trim().replace(/^W\//, ''))
		.some((tag) => tag === '*' || tag === `"${hash}"`);
}

/**
 * `GET` (and `HEAD`) `/api/blobs/<workspace>/<hash>`: a photo of the caller's workspace, for any
 * member, with its stored type; 304 when `If-None-Match` names it; `photo_not_found` if absent.
 */
export const getBlobRoute: Route = {
	method: 'GET',
	path: PATH,
	handle(request, { accounts }) {
		const { workspace, hash } = photoRequest(request);
		const photo = accounts.blobs.find(workspace, hash);
		if (photo === null) throw new ApiError(404, 'photo_not_found', 'no photo with this hash');
		const headers: OutgoingHttpHeaders = { ETag: `"${hash}"`, 'Cache-Control': CACHE_CONTROL };
		if (notModified(request.header('if-none-match'), hash)) return { status: 304, headers };
		Object.assign(headers, { 'Content-Type': photo.type, 'Content-Length': photo.bytes });
		if (request.method === 'HEAD') return { status: 200, headers };
		return { status: 200, headers, bytes: accounts.blobs.read(workspace, hash)?.data };
	}
};

/**
 * `PUT /api/blobs/<workspace>/<hash>` with the image bytes: stored once the whole body is
 * received, its SHA-256 equals `hash` and its first bytes are an image (see photo-type.ts);
 * 201 `{ hash, type, bytes }`, or 200 with the same for a hash already stored (nothing rewritten).
 * Members whose role writes some document may upload; the workspace's photos have a quota.
 */
export const putBlobRoute: Route = {
	method: 'PUT',
	path: PATH,
	async handle(request, { accounts, photos, log }) {
		const { session, workspace, hash } = photoRequest(request);
		const { member } = session;
		if (!canUploadPhotos(member.role))
			throw new AccountError('forbidden', `a ${member.role} cannot add photos`);
		const data = await request.bytes({
			maxBytes: photos.maxBytes,
			tooLarge: () => new ApiError(413, 'photo_too_large', `a photo is at most ${photos.maxBytes} bytes`)
		});
		if (createHash('sha256').update(data).digest('hex') !== hash) {
			throw new ApiError(422, 'hash_mismatch', 'the SHA-256 of the body is not the hash in the URL');
		}
		const type = photoType(data);
		if (type === null)
			throw new ApiError(415, 'not_image', 'the body is not a JPEG, PNG, WebP, GIF or AVIF image');
		const stored = accounts.blobs.put({
			workspace,
			hash,
			type,
			data,
			memberId: member.id,
			quotaBytes: photos.quotaBytes
		});
		if (stored.outcome === 'full') {
			log.warn('photo quota exceeded', {
				workspace,
				memberId: member.id,
				storedBytes: stored.storedBytes,
				bytes: data.byteLength,
				quotaBytes: photos.quotaBytes
			});
			throw new ApiError(507, 'photo_quota_exceeded', "the workspace's photos would pass its quota");
		}
		return { status: stored.outcome === 'created' ? 201 : 200, body: stored.photo };
	}
};
