/**
 * The wire vocabulary shared by our sync client and `sync-server/`.
 *
 * Types 0–3 are the standard y-websocket messages. Type 100 is our own "stored" channel; a standard
 * client never sends it, so it never receives it either.
 *
 *  client → server  [100, token: varuint]
 *      "Tell me when everything I sent on this socket before this message is durably stored."
 *  server → client  [100, token: varuint, status: varuint]
 *      Sent after every earlier message of that socket has been handled and committed.
 *      status `StoredStatus.stored`: all earlier updates are in storage;
 *      status `StoredStatus.refused`: at least one earlier update was dropped because this
 *      connection may not write the document (it will never be stored from this socket).
 *
 * Because a WebSocket is ordered and the server handles a socket's messages one at a time, the
 * echo is a true acknowledgement of updates *and* deletions, which a state-vector comparison alone
 * cannot give (deletions do not advance a state vector).
 */
export const MessageType = {
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3,
	stored: 100
} as const;

export const StoredStatus = {
	stored: 0,
	refused: 1
} as const;
export type StoredStatus = (typeof StoredStatus)[keyof typeof StoredStatus];

/**
 * WebSocket close codes the server uses. y-websocket reconnects on every code except 4400–4499,
 * so "try again" codes sit outside that range and "this will never work" codes inside it.
 */
export const CloseCode = {
	/** Server shutting down or restarting (SIGTERM): reconnect. */
	restart: 1012,
	/** Storage failed (e.g. disk full): nothing was acknowledged; reconnect and resend. */
	internalError: 1011,
	/** A frame that is not a valid message: only this socket closes; reconnect. */
	malformed: 1007,
	/** A frame larger than the limit. */
	tooBig: 1009,
	/** Unknown or invalid room name. */
	badRoom: 4400,
	/** Missing, forged or expired token. */
	unauthorized: 4401,
	/** Token valid but not for this workspace, or revoked. */
	forbidden: 4403,
	/** Too many sockets open for one member: reconnecting at once would only be refused again. */
	tooManySockets: 4429,
	/** The socket did not read what the server sent (its queue passed the limit): reconnect later. */
	slowReader: 4508,
	/** Too many messages, or too many new sockets from one address: back off and reconnect later. */
	rateLimited: 4529,
	/**
	 * An update that breaks the document's structure (src/lib/model/schema) was refused whole:
	 * nothing of it was stored or relayed. Resending it would be refused again, so no retry.
	 */
	invalidShape: 4422,
	/** The document would grow past the server's size cap; the update was refused whole. */
	documentTooLarge: 4413,
	/** The workspace's storage quota is used up; the update was refused whole. */
	workspaceFull: 4419,
	/**
	 * A change to a signed-off round (src/lib/model/round-lifecycle.ts), or a lifecycle entry its
	 * sender may not record, was refused whole. Not retried: only the office re-opening the round
	 * lets the change in.
	 */
	roundLocked: 4423,
	/**
	 * A change the sender's role may not make inside a document it may write, by the model's own
	 * rule (only the office edits a round's team; a hazard link made by its sender, from an item
	 * that failed: round-team.ts, round-hazard.ts), was refused whole. Not retried.
	 */
	notPermitted: 4424,
	/**
	 * A round's document was written before the workspace index (`meta`) lists the round, e.g. the
	 * round socket of a device back online connected before its `meta` socket. Retried (outside
	 * 4400–4499): by the next attempt `meta` has usually arrived and the update is taken.
	 */
	roundNotIndexed: 4503
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The URL path prefix of the WebSocket endpoint: `/sync/<workspace>/<document>`. */
export const SYNC_PATH = '/sync';
