import * as Y from 'yjs';
import type { DocumentName } from '../../src/lib/model/documents.ts';
import { seedDuty } from '../../src/lib/model/duty.ts';
import { initWorkspace } from '../../src/lib/model/meta.ts';

/** The member id recorded in the audit trail for what the server itself writes. */
export const SYSTEM_MEMBER = 'system';

/**
 * The documents a new workspace starts with, as updates to store. Built with the same
 * content-addressed seeds a client would use, so a client that seeds too merges into one copy.
 */
export function workspaceSeeds(name: string, now: number): { document: DocumentName; update: Uint8Array }[] {
	const meta = new Y.Doc();
	initWorkspace(meta, { name, actor: { id: SYSTEM_MEMBER, name: SYSTEM_MEMBER }, now });
	const duty = new Y.Doc();
	seedDuty(duty);
	const seeds = [
		{ document: 'meta' as const, update: Y.encodeStateAsUpdate(meta) },
		{ document: 'duty' as const, update: Y.encodeStateAsUpdate(duty) }
	];
	meta.destroy();
	duty.destroy();
	return seeds;
}
