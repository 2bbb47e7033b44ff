import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { SINGLETON_DOCUMENTS, isValidId, type DocumentName } from '../model/documents.ts';
import { fnv1a32 } from '../model/hash.ts';
import { isContentHash } from '../model/photos.ts';

/**
 * The workspace export file (`*.xiaoan`): every document of one workspace, to carry to another
 * device and merge there. Binary, written with lib0 (the encoding Yjs itself uses):
 *
 *   magic         16 bytes, ASCII `xiaoan-workspace`
 *   version       varUint, FORMAT_VERSION
 *   header        varString, JSON: workspace, schemaVersion, exportedAt, exportedBy
 *   documents     varUint n, then n × (varString name, varUint8Array Y.encodeStateAsUpdate)
 *   photos        varUint n, then n × (varString hash, varString type, varUint8Array bytes)
 *   checksum      4 bytes, FNV-1a 32 of every byte before it, big-endian
 *
 * Binary rather than JSON with base64: updates and (later) photos are bytes, base64 would add a
 * third to the file and hold it all as one string; the header stays JSON so it can grow fields.
 * The magic comes first and the version right after it, so a wrong file and a file from a newer app
 * are told apart from a damaged one before anything else is read. The checksum catches truncated
 * or damaged files before any update is applied (Yjs may apply part of a damaged update).
 * Photos are those the exporting device held that the server did not have yet (src/lib/media);
 * the section was there, empty, before the photo store, so version 1 readers parse it either way.
 */
export const FILE_MAGIC = 'xiaoan-workspace';
export const FORMAT_VERSION = 1;
export const FILE_EXTENSION = '.xiaoan';

const MAGIC_BYTES = new TextEncoder().encode(FILE_MAGIC);
/** A workspace has a handful of singletons and one document per round; this is far above that. */
const MAX_DOCUMENTS = 100_000;

export interface FileActor {
	id: string;
	name: string;
}

export interface FileDocument {
	name: DocumentName;
	update: Uint8Array;
}

/** A photo, referred to by content hash from the documents (PhotoLibrary.exportPhotos). */
export interface FilePhoto {
	hash: string;
	type: string;
	bytes: Uint8Array;
}

export interface WorkspaceFile {
	workspace: { id: string; name: string };
	/** The exporting app's schema version (migrations.ts), for diagnosis; merging does not need it. */
	schemaVersion: number;
	/** ISO 8601. */
	exportedAt: string;
	exportedBy: FileActor;
	documents: FileDocument[];
	photos: FilePhoto[];
}

/** Why a file was refused; each has its own message saying what to do. */
export type FileProblem = 'wrong-kind' | 'corrupt' | 'newer-format' | 'other-workspace' | 'empty';

export class WorkspaceFileError extends Error {
	constructor(
		readonly problem: FileProblem,
		/** For `other-workspace`: the school the file belongs to. */
		readonly workspaceName = ''
	) {
		super(`workspace file refused: ${problem}`);
	}
}

export function encodeWorkspaceFile(file: WorkspaceFile): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeUint8Array(encoder, MAGIC_BYTES);
	encoding.writeVarUint(encoder, FORMAT_VERSION);
	const { workspace, schemaVersion, exportedAt, exportedBy } = file;
	encoding.writeVarString(encoder, JSON.stringify({ workspace, schemaVersion, exportedAt, exportedBy }));
	encoding.writeVarUint(encoder, file.documents.length);
	for (const document of file.documents) {
		encoding.writeVarString(encoder, document.name);
		encoding.writeVarUint8Array(encoder, document.update);
	}
	encoding.writeVarUint(encoder, file.photos.length);
	for (const photo of file.photos) {
		encoding.writeVarString(encoder, photo.hash);
		encoding.writeVarString(encoder, photo.type);
		encoding.writeVarUint8Array(encoder, photo.bytes);
	}
	const body = encoding.toUint8Array(encoder);
	const out = new Uint8Array(body.length + 4);
	out.set(body);
	new DataView(out.buffer).setUint32(body.length, fnv1a32(body));
	return out;
}

/**
 * Reads and checks a file completely; throws WorkspaceFileError and returns nothing on any doubt,
 * so an import applies either a whole valid file or nothing. `workspace`: the id it must belong to.
 */
export function decodeWorkspaceFile(bytes: Uint8Array, workspace?: string): WorkspaceFile {
	if (bytes.length === 0) throw new WorkspaceFileError('empty');
	if (bytes.length < MAGIC_BYTES.length || MAGIC_BYTES.some((byte, i) => bytes[i] !== byte)) {
		throw new WorkspaceFileError('wrong-kind');
	}
	const file = parse(bytes);
	if (workspace !== undefined && file.workspace.id !== workspace) {
		throw new WorkspaceFileError('other-workspace', file.workspace.name);
	}
	if (file.documents.length === 0) throw new WorkspaceFileError('empty');
	return file;
}

function parse(bytes: Uint8Array): WorkspaceFile {
	let version: number;
	try {
		version = decoding.readVarUint(decoding.createDecoder(bytes.subarray(MAGIC_BYTES.length)));
	} catch {
		throw new WorkspaceFileError('corrupt');
	}
	// A newer format may change anything after the version, the checksum included.
	if (version > FORMAT_VERSION) throw new WorkspaceFileError('newer-format');
	if (version < 1 || bytes.length < MAGIC_BYTES.length + 5) throw new WorkspaceFileError('corrupt');
	const body = bytes.subarray(0, bytes.length - 4);
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (view.getUint32(body.length) !== fnv1a32(body)) throw new WorkspaceFileError('corrupt');
	try {
		return readBody(body);
	} catch (error) {
		if (error instanceof WorkspaceFileError) throw error;
		throw new WorkspaceFileError('corrupt');
	}
}

function readBody(body: Uint8Array): WorkspaceFile {
	const decoder = decoding.createDecoder(body);
	decoding.readUint8Array(decoder, MAGIC_BYTES.length);
	decoding.readVarUint(decoder);
	const header = readHeader(decoding.readVarString(decoder));
	const count = decoding.readVarUint(decoder);
	if (count > MAX_DOCUMENTS) throw new WorkspaceFileError('corrupt');
	const documents: FileDocument[] = [];
	const seen = new Set<string>();
	for (let i = 0; i < count; i++) {
		const name = decoding.readVarString(decoder);
		const update = decoding.readVarUint8Array(decoder);
		if (!isDocumentName(name) || seen.has(name)) throw new WorkspaceFileError('corrupt');
		seen.add(name);
		checkUpdate(update);
		documents.push({ name, update });
	}
	const photoCount = decoding.readVarUint(decoder);
	const photos: FilePhoto[] = [];
	for (let i = 0; i < photoCount; i++) {
		const hash = decoding.readVarString(decoder);
		const type = decoding.readVarString(decoder);
		// Whether the bytes match the hash is checked by the photo store, which hashes them anyway.
		if (!isContentHash(hash)) throw new WorkspaceFileError('corrupt');
		photos.push({ hash, type, bytes: decoding.readVarUint8Array(decoder) });
	}
	if (decoding.hasContent(decoder)) throw new WorkspaceFileError('corrupt');
	return { ...header, documents, photos };
}

function readHeader(json: string): Omit<WorkspaceFile, 'documents' | 'photos'> {
	const value = JSON.parse(json) as Record<string, unknown>;
	const workspace = value.workspace as Record<string, unknown> | null | undefined;
	const by = value.exportedBy as Record<string, unknown> | null | undefined;
	if (
		typeof workspace?.id !== 'string' ||
		!isValidId(workspace.id) ||
		typeof workspace.name !== 'string' ||
		typeof value.schemaVersion !== 'number' ||
		typeof value.exportedAt !== 'string' ||
		typeof by?.id !== 'string' ||
		typeof by.name !== 'string'
	) {
		throw new WorkspaceFileError('corrupt');
	}
	return {
		workspace: { id: workspace.id, name: workspace.name },
		schemaVersion: value.schemaVersion,
		exportedAt: value.exportedAt,
		exportedBy: { id: by.id, name: by.name }
	};
}

function isDocumentName(name: string): name is DocumentName {
	if ((SINGLETON_DOCUMENTS as readonly string[]).includes(name)) return true;
	const [kind, id, ...rest] = name.split('/');
	return kind === 'inspection' && id !== undefined && isValidId(id) && rest.length === 0;
}

/** Applies the update to a scratch document: what Yjs cannot read is refused before the real import. */
function checkUpdate(update: Uint8Array): void {
	const scratch = new Y.Doc();
	try {
		Y.applyUpdate(scratch, update);
	} finally {
		scratch.destroy();
	}
}
