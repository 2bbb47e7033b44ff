import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../src/lib/sync/wire.ts';
import { tokenAuthenticate } from './accounts/authenticate.ts';
import type { AccountStore } from './accounts/store.ts';
import { startAccountWatch } from './accounts/watch.ts';
import { AddressLimiter } from './api/address-limit.ts';
import { createApi } from './api/index.ts';
import { Admission } from './admission.ts';
import { allowAll, type Authenticate } from './auth.ts';
import { Connection } from './connection.ts';
import { Deriver } from './derive.ts';
import { DocumentReader } from './document-reader.ts';
import { DocumentRules } from './document-rules.ts';
import { DEFAULT_MAX_SKEW_MS } from '../src/lib/model/rules/violation.ts';
import { combineHooks } from './hooks.ts';
import { DocumentHistory } from './history.ts';
import { httpHandler } from './http.ts';
import { startKeepalive } from './keepalive.ts';
import { jsonLogger, type Logger } from './log.ts';
import type { PresenceLimits } from './presence-guard.ts';
import type { RateLimit } from './rate-limit.ts';
import { Quota } from './quota.ts';
import type { RoomHooks } from './room.ts';
import { Rooms } from './rooms.ts';
import { PlanComments } from './plan-comments.ts';
import { RoundLock } from './round-lock.ts';
import { LedgerLinks } from './ledger-links.ts';
import { RoundsIndex } from './rounds-index.ts';
import { SqliteStorage } from './storage/sqlite.ts';
import type { SyncStorage } from './storage/types.ts';
import { upgradeHandler } from './upgrade.ts';
import { ShapeGuard } from './validate.ts';
import { ViolationLog } from './violations.ts';

export { AuthError, type Authenticate, type ConnectionContext } from './auth.ts';

export interface SyncServerOptions {
	/** TCP port; 0 picks a free one (read it back from `port`). Default 8080. */
	port?: number;
	/** Interface to listen on. Default `0.0.0.0`. */
	host?: string;
	/** Directory of `xiaoan.sqlite`, created if missing. Default `./data`. Ignored with `storage`. */
	dataDir?: string;
	/** A ready storage instead of SQLite in `dataDir`; the caller keeps it and closes it. */
	storage?: SyncStorage;
	/**
	 * Accounts: serves `/api/…`, checks tokens on upgrade (unless `authenticate` is given), and
	 * closes sockets of members revoked or workspaces restored, also by the admin CLI in another
	 * process. The caller keeps it and closes it. Default: none (no API; everyone may connect).
	 */
	accounts?: AccountStore;
	/** Decides who may open a room, on every upgrade. Default: token check with `accounts`, else everyone writes as `anonymous`. */
	authenticate?: Authenticate;
	/**
	 * Judges what each well-shaped update changes, on a shadow of the room's document, before the
	 * room takes it: return a refusal to refuse it whole (see `RoomHooks.onChange`). The rules inside
	 * documents (document-rules.ts) are one such check; `rules: false` leaves them out. Default: the
	 * rules alone.
	 */
	onChange?: RoomHooks['onChange'];
	/** Check the rules inside documents (document-rules.ts) for members with a role. Default true. */
	rules?: boolean;
	/**
	 * How often to look for revocations and restores made by another process, to close idle
	 * sockets; writes are checked against the database at each update anyway. Default 2000 ms.
	 */
	revocationPollMs?: number;
	/**
	 * Join attempts (`POST /api/join`) per client address. A whole staff meeting may join at once
	 * from the school's one NAT address. Default a burst of 60, then one every 5 s.
	 */
	joinRateLimit?: RateLimit;
	/** Messages per socket; a socket beyond it is closed with 4529. Default 200/s with bursts of 2000. */
	rateLimit?: RateLimit;
	/** How long a room nobody has open stays in memory, in case someone comes back. Default 10 000 ms. */
	unloadDelayMs?: number;
	/** How long a room's updates are gathered before its summary in `meta` is derived. Default 250 ms. */
	deriveDelayMs?: number;
	/** Snapshot a room once more than this many updates follow its last snapshot. Default 500. */
	compactAfter?: number;
	/**
	 * Most bytes a room may hold waiting for missing dependencies (Yjs's pending structs and
	 * deletions). Real clients leave only a brief, small gap (an edit sent just before the sync
	 * step 2 it builds on); an update that grows the pending data beyond this is refused and its
	 * socket closed with 1007, because Yjs re-processes that data on later updates. Measured worst
	 * cases (tiny structs, or deletions): at 64 KiB, under a minute of CPU to fill and ≤ 4 ms per
	 * later update; the cost grows quadratically, so 1 MiB would take hours and ~170 ms per update.
	 * Default 64 KiB.
	 */
	maxPendingBytes?: number;
	/**
	 * Bytes the server may queue for one socket beyond the answers being sent to it (at most one
	 * sync step 2 and one awareness answer at a time; see `Outbox`). A socket whose queue is past
	 * this when more is to be sent is not reading: it is closed with 4508 (`slow reader closed` is
	 * logged) and cut off a second later, freeing what was queued. One message is always accepted
	 * whatever its size, so a slow phone still receives a large update. Default 2 MiB.
	 */
	maxBufferedBytes?: number;
	/**
	 * Sockets one member may hold open on this server (several devices, several documents each,
	 * lingering ones included). Beyond it the new socket is closed with 4429, which y-websocket does
	 * not retry (the app's SyncHub tries again after a growing wait). Without accounts everyone is
	 * the one member `anonymous`. Default 20.
	 */
	maxSocketsPerMember?: number;
	/**
	 * New sockets per remote address, checked before the token is: beyond it the upgrade is closed
	 * with 4529 (retried with backoff). Behind a reverse proxy every client shares its address;
	 * a school behind one NAT address shares it too, hence the generous burst. Default 20/s with
	 * bursts of 200.
	 */
	upgradeRateLimit?: RateLimit;
	/**
	 * What presence (awareness) a socket may announce. Each client id belongs to the socket that
	 * introduced it (updates and removals from another member's socket are dropped); a state's
	 * member id, name and role are the token's; colours are `#rrggbb`. Refusals are dropped and
	 * logged once per socket and reason (`presence refused`). Defaults: states of 2 KiB, 4 client
	 * ids per socket (a y-websocket client uses one), 200 per room (each new joiner receives them all).
	 */
	presence?: Partial<PresenceLimits>;
	/**
	 * Most bytes one document may take in storage (its snapshot and the updates since). An update
	 * that would pass it, even after compacting the document, is refused whole and its socket
	 * closed with 4413. A year of a busy school's ledger is a few MiB. Default 16 MiB.
	 */
	maxDocumentBytes?: number;
	/**
	 * Most bytes all documents of one workspace may take in storage; beyond it updates are refused
	 * whole with 4419, so one member's token cannot fill the disk. Default 512 MiB.
	 */
	maxWorkspaceBytes?: number;
	/**
	 * Largest photo `PUT /api/blobs/…` accepts (413 `photo_too_large`, refused from its
	 * Content-Length or as soon as the body grows past it). A phone photo re-encoded to JPEG or
	 * WebP is well under 1 MiB; an untouched 12-megapixel JPEG is 3–5 MiB. Env `BLOB_MAX_BYTES`.
	 * Default 5 MiB.
	 */
	maxBlobBytes?: number;
	/**
	 * Most bytes of photos one workspace may store (507 `photo_quota_exceeded` beyond it), apart
	 * from `maxWorkspaceBytes`: photos are larger and fewer than edits. A school taking 20 photos a
	 * day at 500 KiB fills 2 GiB in about a school year (205 school days). Env `BLOB_QUOTA_BYTES`.
	 * Default 2 GiB.
	 */
	blobQuotaBytes?: number;
	/** Largest accepted WebSocket frame; larger ones close the socket with 1009. Default 8 MiB. */
	maxPayload?: number;
	/** Ping interval; a socket that misses one ping is terminated. Default 30 000 ms. */
	pingIntervalMs?: number;
	/**
	 * Browser origins allowed to open sync sockets besides the server's own (the Host the request
	 * names), e.g. `https://xiaoan.school.cn` behind a proxy that rewrites Host, or the Vite dev
	 * server. Requests without an Origin (non-browser clients) are allowed. Default: none.
	 */
	allowedOrigins?: readonly string[];
	/** Refused upgrades logged per client address per minute; the rest are counted. Default 10. */
	refusalLogsPerMinute?: number;
	/**
	 * The server's clock for the rules inside documents (a written time may not lie beyond it plus
	 * `maxClockSkewMs`) and the recorded violations; tests inject one. Default `Date.now`.
	 */
	now?: () => number;
	/**
	 * How far ahead of the server's clock a device may date what it writes (answers, transitions,
	 * registrations). Phones take their time from the network; ten minutes covers a badly set one
	 * without letting an answer dated 2100 win forever. Default 10 minutes.
	 */
	maxClockSkewMs?: number;
	/** The built SPA to serve. Default `build/` next to `sync-server/`. */
	staticDir?: string;
	/** Default: JSON lines on stderr. */
	log?: Logger;
}

export interface SyncServer {
	port: number;
	/** `http://localhost:<port>`; the sync endpoint is `ws://localhost:<port>/sync`. */
	url: string;
	/** Rooms in memory and open sockets, for tests and health pages. */
	stats(): { rooms: number; connections: number };
	/** Stops accepting, closes every socket with 1012 (restart), closes owned storage. */
	close(): Promise<void>;
}

const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../build', import.meta.url));
/** How long `close()` waits for clients to answer the close frame before cutting them off. */
const CLOSE_GRACE_MS = 2_000;

export async function createSyncServer(options: SyncServerOptions = {}): Promise<SyncServer> {
	const log = options.log ?? jsonLogger();
	const storage = options.storage ?? new SqliteStorage(options.dataDir ?? './data');
	let ready = true;
	const deriver = new Deriver({ log, delayMs: options.deriveDelayMs });
	const quota = new Quota({
		storage,
		maxDocumentBytes: options.maxDocumentBytes ?? 16 * 1024 * 1024,
		maxWorkspaceBytes: options.maxWorkspaceBytes ?? 512 * 1024 * 1024
	});
	let rooms: Rooms | null = null;
	const roundsIndex = new RoundsIndex({ storage, rooms: () => rooms });
	const history = new DocumentHistory((room, afterSeq) => storage.history?.(room, afterSeq) ?? []);
	const violations = new ViolationLog({ storage, now: options.now });
	const rules = new DocumentRules({
		documents: new DocumentReader({ storage, rooms: () => rooms }),
		now: options.now,
		maxSkewMs: options.maxClockSkewMs ?? DEFAULT_MAX_SKEW_MS,
		onConflict: (room, violation, from) => violations.record(room, violation, from, { kept: true })
	});
	// Cheap checks first: the shape check applies the update to a shadow document, and the rules
	// inside documents judge the same transaction there (document-rules.ts). The round lock judges
	// by what its shadow already holds; a refusal by any hook drops the shadows (`onRefused`).
	// The ledger's link check reads the update alone, before any shadow takes it.
	const hooks = combineHooks(
		roundsIndex,
		quota,
		new LedgerLinks(),
		new ShapeGuard(
			(room, transaction, from) =>
				(options.rules === false ? null : rules.onChange(room, transaction, from)) ??
				options.onChange?.(room, transaction, from) ??
				null
		),
		new PlanComments(),
		new RoundLock(),
		violations,
		deriver
	);
	rooms = new Rooms({
		storage,
		log,
		compactAfter: options.compactAfter ?? 500,
		maxPendingBytes: options.maxPendingBytes ?? 64 * 1024,
		unloadDelayMs: options.unloadDelayMs ?? 10_000,
		presence: {
			maxStateBytes: 2 * 1024,
			maxClientsPerSocket: 4,
			maxClientsPerRoom: 200,
			...options.presence
		},
		hooks
	});
	deriver.attach(rooms);
	const connections = new Set<Connection>();
	const admission = new Admission({
		maxSocketsPerMember: options.maxSocketsPerMember ?? 20,
		upgradesPerAddress: options.upgradeRateLimit ?? { perSecond: 20, burst: 200 }
	});
	const { accounts } = options;
	const closeWhere = (matches: (connection: Connection) => boolean) => {
		for (const connection of connections) {
			if (matches(connection)) connection.close(CloseCode.forbidden, 'revoked');
		}
	};
	const closeMember = (memberId: string) => closeWhere(({ context }) => context.memberId === memberId);
	const closeSession = (sessionId: string) => closeWhere(({ context }) => context.sessionId === sessionId);
	const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayload ?? 8 * 1024 * 1024 });
	const http = createServer(
		httpHandler({
			staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
			isReady: () => ready,
			api:
				accounts &&
				createApi(
					{
						accounts,
						log,
						onRevoked: closeMember,
						onSessionRevoked: closeSession,
						history,
						joinLimiter: new AddressLimiter(options.joinRateLimit ?? { perSecond: 0.2, burst: 60 }),
						photos: {
							maxBytes: options.maxBlobBytes ?? 5 * 1024 * 1024,
							quotaBytes: options.blobQuotaBytes ?? 2 * 1024 * 1024 * 1024
						}
					},
					log
				)
		})
	);
	http.on(
		'upgrade',
		upgradeHandler({
			wss,
			log,
			admission,
			allowedOrigins: options.allowedOrigins,
			refusalLogsPerMinute: options.refusalLogsPerMinute,
			authenticate: options.authenticate ?? (accounts ? tokenAuthenticate(accounts) : allowAll),
			onConnection(ws, room, context) {
				if (!ready) return ws.close(CloseCode.restart, 'server restart');
				if (!admission.join(context.memberId)) {
					log.warn('too many sockets', {
						room,
						memberId: context.memberId,
						closeCode: CloseCode.tooManySockets
					});
					return ws.close(CloseCode.tooManySockets, 'too many connections');
				}
				const connection = new Connection(ws, room, context, {
					log,
					rateLimit: options.rateLimit ?? { perSecond: 200, burst: 2_000 },
					maxBufferedBytes: options.maxBufferedBytes ?? 2 * 1024 * 1024,
					onClose: (closed) => {
						connections.delete(closed);
						admission.leave(closed.context.memberId);
						rooms.leave(closed);
					}
				});
				connections.add(connection);
				void rooms.join(connection);
			}
		})
	);
	const stopKeepalive = startKeepalive(wss, options.pingIntervalMs ?? 30_000);
	const stopWatch = accounts
		? startAccountWatch({
				accounts,
				intervalMs: options.revocationPollMs ?? 2_000,
				log,
				connectedMembers: () => [...connections].map((connection) => connection.context.memberId),
				onRevoked: closeMember,
				connectedSessions: () => [...connections].flatMap(({ context }) => context.sessionId ?? []),
				onSessionRevoked: closeSession,
				onRestored(workspace) {
					log.info('workspace restored', { workspace });
					// Storage changed under the server (a restore, or a room dropped by the admin CLI).
					quota.forget(workspace);
					roundsIndex.forget(workspace);
					history.forget(workspace);
					// 1012: clients reconnect, load the restored state and resend what it lacks.
					rooms.evictWorkspace(workspace, CloseCode.restart, 'workspace restored');
				}
			})
		: () => {};

	await new Promise<void>((resolve, reject) => {
		http.once('error', reject);
		http.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => {
			http.off('error', reject);
			resolve();
		});
	});
	const port = (http.address() as AddressInfo).port;
	let closing: Promise<void> | null = null;

	return {
		port,
		url: `http://localhost:${port}`,
		stats: () => ({ rooms: rooms.size, connections: connections.size }),
		close() {
			closing ??= (async () => {
				ready = false;
				stopKeepalive();
				stopWatch();
				const httpClosed = new Promise<void>((resolve) => http.close(() => resolve()));
				http.closeIdleConnections();
				for (const connection of connections) connection.close(CloseCode.restart, 'server restart');
				await waitForSockets(wss, CLOSE_GRACE_MS);
				await httpClosed;
				await deriver.flush();
				rooms.clear();
				// Nothing to flush: every update was committed before it was broadcast or acknowledged.
				if (options.storage === undefined) storage.close();
			})();
			return closing;
		}
	};
}

/** Waits until every socket has finished its close handshake, or terminates them after `ms`. */
async function waitForSockets(wss: WebSocketServer, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	while (wss.clients.size > 0 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	for (const ws of wss.clients) ws.terminate();
}
