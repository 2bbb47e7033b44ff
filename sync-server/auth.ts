import type { IncomingMessage } from 'node:http';
import type { ParsedRoom } from '../src/lib/model/documents.ts';

/** Who is on the other end of a socket, decided once at upgrade. */
export interface ConnectionContext {
	/** Stable member id; recorded with every stored update (the audit trail). */
	memberId: string;
	/** Display name, for logs and for the member's presence (the server writes it into every state). */
	memberName: string;
	/** The member's workspace role, written into the member's presence. Default: none (`''`). */
	role?: string;
	/** False: updates from this socket are dropped (read and awareness still work), but see `parts`. */
	canWrite: boolean;
	/**
	 * Roots of the document this socket may write although `canWrite` is false (the plan's comments
	 * for those who comment, permissions.ts `writableParts`): its updates are taken when they touch
	 * these alone (plan-comments.ts). Default: none.
	 */
	parts?: readonly string[];
	/** Epoch milliseconds when the credential expires; the socket is then closed with 4401 `expired`. Default: never. */
	expiresAt?: number;
	/** The device session behind the credential, so revoking one device closes its sockets. Default: none. */
	sessionId?: string;
	/**
	 * Asked before each update from this socket is applied and stored; false closes the socket with
	 * 4403 `revoked` and drops the update. Must be cheap (it runs per write). Default: always true.
	 */
	mayStillWrite?: () => boolean;
}

/**
 * Decides who may open `room`. Runs before the WebSocket handshake completes; throwing an
 * `AuthError` completes it anyway and then closes with the error's code, because browsers only
 * expose close codes (not HTTP statuses) to y-websocket, which stops retrying on 4400–4499.
 */
export type Authenticate = (request: IncomingMessage, room: ParsedRoom) => Promise<ConnectionContext>;

/** A refusal with the close code and reason the client should see. */
export class AuthError extends Error {
	constructor(
		readonly closeCode: number,
		readonly reason: string
	) {
		super(reason);
		this.name = 'AuthError';
	}
}

/** Everyone may read and write, as `anonymous`: for tests and servers without accounts. */
export const allowAll: Authenticate = () =>
	Promise.resolve({ memberId: 'anonymous', memberName: 'anonymous', canWrite: true });
