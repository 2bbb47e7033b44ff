import type { Logger } from '../log.ts';
import type { AccountStore } from './store.ts';

export interface AccountWatchOptions {
	accounts: AccountStore;
	/** Time between two looks at the database. */
	intervalMs: number;
	log: Logger;
	/** Member ids with an open socket. */
	connectedMembers: () => Iterable<string>;
	/** A connected member is revoked (the handler closes their sockets). */
	onRevoked: (memberId: string) => void;
	/** Device sessions with an open socket. */
	connectedSessions: () => Iterable<string>;
	/** A connected device session is revoked (the handler closes its sockets). */
	onSessionRevoked: (sessionId: string) => void;
	/** A workspace was restored from a backup since the last look. */
	onRestored: (workspace: string) => void;
}

/**
 * Polls the accounts tables, because the admin CLI changes them from another process: SQLite has
 * no cross-process notifications. Asking only about members with open sockets keeps each look
 * small and exact, whatever the clocks of the two processes say. Returns a function that stops it.
 */
export function startAccountWatch(options: AccountWatchOptions): () => void {
	const { accounts, log } = options;
	let generations = accounts.generations();
	const look = () => {
		try {
			for (const memberId of accounts.revokedAmong([...new Set(options.connectedMembers())])) {
				options.onRevoked(memberId);
			}
			for (const sessionId of accounts.revokedSessionsAmong([...new Set(options.connectedSessions())])) {
				options.onSessionRevoked(sessionId);
			}
			const now = accounts.generations();
			for (const [workspace, generation] of now) {
				const before = generations.get(workspace);
				if (before !== undefined && generation > before) options.onRestored(workspace);
			}
			generations = now;
		} catch (error) {
			// A busy or briefly locked file: the next look tries again.
			log.error('account watch failed', { error });
		}
	};
	const timer = setInterval(look, options.intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
