import { parseRoom, roomName } from '../../src/lib/model/documents.ts';
import { AccountError } from '../accounts/types.ts';
import { ApiError } from './json.ts';
import type { ApiRequest, Route } from './router.ts';

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 1000;

/** The caller's room named by `?document=`, and its kind; `invalid_document` otherwise. */
function documentOf(request: ApiRequest) {
	const { member } = request.session();
	const document = request.url.searchParams.get('document') ?? '';
	const parsed = parseRoom(`${member.workspace}/${document}`);
	if (parsed === null || parsed.workspace !== member.workspace)
		throw new AccountError('invalid_document', `not a document: ${document.slice(0, 80)}`);
	return { member, room: roomName(member.workspace, parsed.document), kind: parsed.kind };
}

/** An optional integer query parameter within bounds; `bad_request` when malformed. */
function intParam(request: ApiRequest, name: string, min: number, max: number): number | null {
	const raw = request.url.searchParams.get(name);
	if (raw === null || raw === '') return null;
	const value = Number(raw);
	if (!/^\d+$/.test(raw) || value < min || value > max)
		throw new ApiError(400, 'bad_request', `${name} must be an integer ${min}–${max}`);
	return value;
}

/**
 * `GET /api/changes?document=<name>[&member=<id>][&from=<ms>][&to=<ms>][&before=<seq>][&limit=<n>]`:
 * the document's change log read as facts (src/lib/model/change-log.ts), newest first, derived on
 * the server from its stored updates; any member. `from`/`to` bound the time (inclusive),
 * `before` pages on by sequence number. `historyFrom` is when the history starts (null: with the
 * document).
 */
export const changesRoute: Route = {
	method: 'GET',
	path: /^\/api\/changes$/,
	async handle(request, { accounts, history }) {
		const { member, room, kind } = documentOf(request);
		const who = request.url.searchParams.get('member');
		const from = intParam(request, 'from', 0, Number.MAX_SAFE_INTEGER) ?? 0;
		const to = intParam(request, 'to', 0, Number.MAX_SAFE_INTEGER) ?? Number.MAX_SAFE_INTEGER;
		const before = intParam(request, 'before', 0, Number.MAX_SAFE_INTEGER) ?? Number.MAX_SAFE_INTEGER;
		const limit = intParam(request, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT;
		const { entries, from: historyFrom } = await history.changes(room, kind);
		const names = new Map(accounts.members(member.workspace).map((m) => [m.id, m.name]));
		const out = [];
		for (let i = entries.length - 1; i >= 0 && out.length < limit; i--) {
			const entry = entries[i]!;
			if (entry.seq >= before || entry.at > to) continue;
			if (entry.at < from) break;
			if (who !== null && entry.memberId !== who) continue;
			out.push({ ...entry, memberName: names.get(entry.memberId) ?? '' });
		}
		return { status: 200, body: { historyFrom, entries: out } };
	}
};

/**
 * `GET /api/history/state?document=<name>&at=<ms>`: the document as it stood at `at`, as one Yjs
 * update (application/octet-stream), rebuilt from the stored history; any member. 404
 * `history_unavailable` when the history starts later.
 */
export const stateAtRoute: Route = {
	method: 'GET',
	path: /^\/api\/history\/state$/,
	async handle(request, { history }) {
		const { room } = documentOf(request);
		const at = intParam(request, 'at', 0, Number.MAX_SAFE_INTEGER);
		if (at === null) throw new ApiError(400, 'bad_request', 'at is required');
		const state = await history.stateAt(room, at);
		if (state === null) throw new ApiError(404, 'history_unavailable', 'the history starts later');
		return {
			status: 200,
			headers: { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' },
			bytes: state
		};
	}
};
