import * as Y from 'yjs';
import { SINGLETON_DOCUMENTS, inspectionDocument, type DocumentName } from '../model/documents.ts';
import { listRounds, readWorkspace } from '../model/meta.ts';
import { SCHEMA_VERSION } from '../model/migrations.ts';
import type { Actor, Origin } from '../model/origin.ts';
import type { SyncHub } from './hub.ts';
import {
	encodeWorkspaceFile,
	type FileDocument,
	type FilePhoto,
	type WorkspaceFile
} from './workspace-file.ts';

/** Documents opened at once: each open is an IndexedDB load and, online, a socket. */
const AT_ONCE = 3;

export interface ExportInput {
	/** Fallback when `meta` has no name yet (e.g. never synced). */
	workspaceName: string;
	actor: Actor;
	/** Default `Date.now()`. */
	at?: number;
	/** Where the photos come from (the PhotoLibrary). Default none: the file carries no photos. */
	photos?: Pick<PhotoPorter, 'exportPhotos'>;
}

/**
 * The device's photo store as export and import see it: src/lib/media's PhotoLibrary, which
 * exports the photos the server does not have yet (they exist nowhere else), and imports by
 * storing each photo as the device's own and queueing it for upload.
 */
export interface PhotoPorter {
	exportPhotos(): Promise<FilePhoto[]>;
	importPhotos(photos: readonly FilePhoto[]): Promise<{ added: number; refused: number }>;
}

export interface TransferReport {
	documents: number;
	rounds: number;
	/** Documents the file added something to (import only). */
	changed: number;
	/** Photos written into the file, or (import) new to this device. */
	photos: number;
}

/** Every document of the workspace as the device holds it, in one file. */
export async function exportWorkspace(
	hub: SyncHub,
	input: ExportInput
): Promise<{ bytes: Uint8Array; file: WorkspaceFile; report: TransferReport }> {
	const { rounds, schoolName } = await withDocument(hub, 'meta', (doc) => ({
		rounds: listRounds(doc).map((round) => round.id),
		schoolName: readWorkspace(doc)?.name
	}));
	const names: DocumentName[] = [...SINGLETON_DOCUMENTS, ...rounds.map(inspectionDocument)];
	const updates = await eachFew(names, (name) =>
		withDocument(hub, name, (doc) => Y.encodeStateAsUpdate(doc))
	);
	const documents: FileDocument[] = names.map((name, i) => ({ name, update: updates[i]! }));
	const photos = (await input.photos?.exportPhotos()) ?? [];
	const file: WorkspaceFile = {
		workspace: { id: hub.workspace, name: schoolName ?? input.workspaceName },
		schemaVersion: SCHEMA_VERSION,
		exportedAt: new Date(input.at ?? Date.now()).toISOString(),
		exportedBy: { id: input.actor.id, name: input.actor.name },
		documents,
		photos
	};
	return {
		bytes: encodeWorkspaceFile(file),
		file,
		report: { documents: names.length, rounds: rounds.length, changed: 0, photos: photos.length }
	};
}

/**
 * Merges a decoded file into the device's documents through the hub: each lands in IndexedDB and,
 * online, goes to the server like any local change (which the server keeps where the member's role
 * may write that document). A Yjs update only ever adds, so nothing on the device is replaced.
 * Rounds go first and `meta` (the index) last, so a half-done import never lists a missing round.
 * Photos go before any document, for the same reason as on the device that took them: a hash in
 * a document should never point at a photo this device lacks.
 */
export async function importWorkspace(
	hub: SyncHub,
	file: WorkspaceFile,
	actor: Actor,
	options: { photos?: Pick<PhotoPorter, 'importPhotos'> } = {}
): Promise<TransferReport> {
	if (file.workspace.id !== hub.workspace) throw new Error('the file belongs to another workspace');
	const photos =
		options.photos && file.photos.length > 0 ? (await options.photos.importPhotos(file.photos)).added : 0;
	const origin: Origin = { source: 'import', actor };
	const ordered = [...file.documents].sort((a, b) => Number(a.name === 'meta') - Number(b.name === 'meta'));
	const changed = await eachFew(ordered, ({ name, update }) =>
		withDocument(hub, name, (doc) => {
			let touched = false;
			const onUpdate = () => (touched = true);
			doc.on('update', onUpdate);
			try {
				Y.applyUpdate(doc, update, origin);
			} finally {
				doc.off('update', onUpdate);
			}
			return touched;
		})
	);
	return {
		documents: file.documents.length,
		rounds: file.documents.filter((document) => document.name.startsWith('inspection/')).length,
		changed: changed.filter(Boolean).length,
		photos
	};
}

async function withDocument<T>(hub: SyncHub, name: DocumentName, use: (doc: Y.Doc) => T): Promise<T> {
	const handle = hub.open(name);
	try {
		await handle.loaded;
		return use(handle.doc);
	} finally {
		hub.release(name);
	}
}

/** Runs `work` over `items` with at most AT_ONCE in flight; results in the order of `items`. */
async function eachFew<I, O>(items: readonly I[], work: (item: I) => Promise<O>): Promise<O[]> {
	const results = new Array<O>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await work(items[i]!);
		}
	};
	await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker));
	return results;
}
