import * as Y from 'yjs';
import { roomName } from '../../src/lib/model/documents.ts';
import { addRoundToIndex } from '../../src/lib/model/meta.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';

/**
 * Lists round `id` in the workspace index (`meta`) straight in storage, as if the office had
 * created it: the server takes writes to `inspection/<id>` only for listed rounds. Call before
 * the server loads the workspace's `meta` (it reads storage when `meta` is not in memory).
 */
export function indexRound(dataDir: string, workspace: string, id: string): void {
	const storage = new SqliteStorage(dataDir);
	try {
		const name = roomName(workspace, 'meta');
		const doc = new Y.Doc();
		for (const update of storage.load(name)) Y.applyUpdate(doc, update);
		const before = Y.encodeStateVector(doc);
		const createdBy = { id: 'test', name: '测试' };
		addRoundToIndex(doc, { id, title: id, month: '2026-11', createdAt: 1, createdBy }, createdBy);
		storage.append(name, Y.encodeStateAsUpdate(doc, before), { memberId: 'test', at: Date.now() });
	} finally {
		storage.close();
	}
}
