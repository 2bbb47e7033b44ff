import type Database from 'better-sqlite3';
import type { PhotoType } from '../../src/lib/api/photo-type.ts';
import type { StoredPhoto } from '../../src/lib/api/types.ts';

/**
 * Photos as rows of the `blobs` table, in the database that holds the documents and accounts: a
 * photo is in its workspace's backup, counts against a quota read in the same transaction that
 * inserts it, and exists whole or not at all (nothing is written before the upload is complete
 * and verified). Rows are never updated or deleted here: photos are evidence.
 */

/** A new photo, already checked: `hash` is the SHA-256 of `data`, `type` what its bytes are. */
export interface NewPhoto {
	workspace: string;
	hash: string;
	type: PhotoType;
	data: Uint8Array;
	/** The member who uploaded it. */
	memberId: string;
	/** Most bytes of photos the workspace may hold with this one. */
	quotaBytes: number;
}

export type PutOutcome =
	| { outcome: 'created' | 'exists'; photo: StoredPhoto }
	/** The workspace's photos would pass the quota; nothing was stored. */
	| { outcome: 'full'; storedBytes: number };

/** Photos stored for one workspace. */
export interface PhotoUsage {
	count: number;
	bytes: number;
}

interface Row {
	hash: string;
	type: PhotoType;
	bytes: number;
}

export class BlobStore {
	readonly #db: Database.Database;
	readonly #sql: (sql: string) => Database.Statement;
	readonly #now: () => number;

	constructor(db: Database.Database, sql: (sql: string) => Database.Statement, now: () => number) {
		this.#db = db;
		this.#sql = sql;
		this.#now = now;
	}

	/** The stored photo without its bytes, or null. */
	find(workspace: string, hash: string): StoredPhoto | null {
		const row = this.#sql('SELECT hash, type, bytes FROM blobs WHERE workspace = ? AND hash = ?').get(
			workspace,
			hash
		) as Row | undefined;
		return row ?? null;
	}

	/** The stored photo with its bytes, or null. */
	read(workspace: string, hash: string): (StoredPhoto & { data: Buffer }) | null {
		const row = this.#sql('SELECT hash, type, bytes, data FROM blobs WHERE workspace = ? AND hash = ?').get(
			workspace,
			hash
		) as (Row & { data: Buffer }) | undefined;
		return row ?? null;
	}

	/**
	 * Stores `photo` unless its hash is there already (then the stored one is returned, unchanged),
	 * or refuses it if the workspace's photos would pass `quotaBytes`. One IMMEDIATE transaction:
	 * two uploads at once cannot both fit under the quota, nor both insert.
	 */
	put(photo: NewPhoto): PutOutcome {
		return this.#db
			.transaction((): PutOutcome => {
				const existing = this.find(photo.workspace, photo.hash);
				if (existing !== null) return { outcome: 'exists', photo: existing };
				const storedBytes = this.usage(photo.workspace).bytes;
				if (storedBytes + photo.data.byteLength > photo.quotaBytes) return { outcome: 'full', storedBytes };
				this.#sql(
					`INSERT INTO blobs (workspace, hash, type, bytes, created_at, created_by, data)
					VALUES (?, ?, ?, ?, ?, ?, ?)`
				).run(
					photo.workspace,
					photo.hash,
					photo.type,
					photo.data.byteLength,
					this.#now(),
					photo.memberId,
					photo.data
				);
				return {
					outcome: 'created',
					photo: { hash: photo.hash, type: photo.type, bytes: photo.data.byteLength }
				};
			})
			.immediate();
	}

	usage(workspace: string): PhotoUsage {
		return photoUsage(this.#db, workspace, this.#sql);
	}
}

/** How many photos `workspace` holds and their bytes; also for the admin CLI's own connection. */
export function photoUsage(
	db: Database.Database,
	workspace: string,
	sql: (sql: string) => Database.Statement = (text) => db.prepare(text)
): PhotoUsage {
	return sql('SELECT COUNT(*) AS count, COALESCE(SUM(bytes), 0) AS bytes FROM blobs WHERE workspace = ?').get(
		workspace
	) as PhotoUsage;
}
