import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { parseRoom, roomName } from '../../src/lib/model/documents.ts';
import { listRounds } from '../../src/lib/model/meta.ts';
import { SqliteStorage, sqliteFile } from '../storage/sqlite.ts';

/**
 * The admin CLI's view of stored documents: list a workspace's rooms, drop one. Works on its own
 * connection to the database, beside a running server (WAL).
 */

export interface RoomInfo {
	document: string;
	/** Stored bytes: snapshot and updates since. */
	bytes: number;
	/** Updates stored since the last snapshot. */
	updates: number;
	/** Epoch ms of the last stored update (from the audit trail), or null. */
	lastWrite: number | null;
	/** A round's document: whether `meta` lists it (a document no screen shows if not). */
	listed: boolean;
}

interface Row {
	room: string;
	bytes: number;
	updates: number;
	lastWrite: number | null;
}

const LIST = `
WITH rooms AS (
	SELECT room FROM snapshots WHERE room >= :from AND room < :to
	UNION SELECT room FROM updates WHERE room >= :from AND room < :to
)
SELECT rooms.room AS room,
	COALESCE((SELECT length(data) FROM snapshots s WHERE s.room = rooms.room), 0)
		+ COALESCE((SELECT SUM(length(data)) FROM updates u WHERE u.room = rooms.room), 0) AS bytes,
	(SELECT COUNT(*) FROM updates u WHERE u.room = rooms.room) AS updates,
	(SELECT MAX(at) FROM audit a WHERE a.room = rooms.room) AS lastWrite
FROM rooms ORDER BY rooms.room`;

export function openDocuments(dataDir: string): Database.Database {
	return new Database(sqliteFile(dataDir), { fileMustExist: true });
}

export function listRooms(db: Database.Database, workspace: string): RoomInfo[] {
	const listed = listedRounds(db, workspace);
	const rows = db.prepare(LIST).all({ from: `${workspace}/`, to: `${workspace}0` }) as Row[];
	return rows.map((row) => {
		const document = row.room.slice(workspace.length + 1);
		const parsed = parseRoom(row.room);
		const isRound = parsed?.kind === 'inspection';
		return {
			document,
			bytes: row.bytes,
			updates: row.updates,
			lastWrite: row.lastWrite,
			listed: isRound ? listed.has(document.slice('inspection/'.length)) : parsed !== null
		};
	});
}

export class DropRefused extends Error {
	override name = 'DropRefused';
	constructor(
		readonly code: 'invalid_document' | 'listed_round',
		message: string
	) {
		super(message);
	}
}

/**
 * Deletes a round's stored document (its audit rows stay: who wrote it is evidence) and raises the
 * workspace's generation, the signal a running server's watch loop already follows for restores:
 * it closes the workspace's sockets with 1012 and reloads rooms from storage. Only round
 * documents; a round the index lists only with `force`, since devices holding it would resend it.
 */
export function dropRoom(db: Database.Database, workspace: string, document: string, force: boolean) {
	const room = roomName(workspace, document as `inspection/${string}`);
	if (parseRoom(room)?.kind !== 'inspection')
		throw new DropRefused('invalid_document', 'only round documents (inspection/<id>) can be dropped');
	const id = document.slice('inspection/'.length);
	if (!force && listedRounds(db, workspace).has(id))
		throw new DropRefused(
			'listed_round',
			'the workspace index lists this round; add --force to drop it anyway'
		);
	return db.transaction(() => {
		const info = listRooms(db, workspace).find((entry) => entry.document === document);
		db.prepare('DELETE FROM snapshots WHERE room = ?').run(room);
		db.prepare('DELETE FROM updates WHERE room = ?').run(room);
		db.prepare('UPDATE workspaces SET generation = generation + 1 WHERE id = ?').run(workspace);
		return { room, bytes: info?.bytes ?? 0, updates: info?.updates ?? 0 };
	})();
}

function listedRounds(db: Database.Database, workspace: string): Set<string> {
	const storage = new SqliteStorage('', { database: db, readonly: true });
	const meta = new Y.Doc();
	for (const update of storage.load(roomName(workspace, 'meta'))) Y.applyUpdate(meta, update);
	return new Set(listRounds(meta).map((round) => round.id));
}
