import { ModelError } from './errors.ts';

/**
 * The documents of a workspace (design.md §4). A document is the unit of loading and of permission.
 * Room names on the wire are `<workspace>/<document>`, e.g. `ws_1a2b/inspection/5f0c…`.
 */
export const SINGLETON_DOCUMENTS = ['meta', 'plan', 'duty', 'ledger', 'drills'] as const;
export type SingletonDocument = (typeof SINGLETON_DOCUMENTS)[number];
export type DocumentKind = SingletonDocument | 'inspection';

export type DocumentName = SingletonDocument | `inspection/${string}`;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A workspace id or a round id: 1–64 characters of `[A-Za-z0-9_-]`. */
export function isValidId(id: string): boolean {
	return ID.test(id);
}

export function inspectionDocument(roundId: string): DocumentName {
	if (!isValidId(roundId))
		throw new ModelError('invalid_id', `invalid round id: ${roundId}`, { field: 'roundId' });
	return `inspection/${roundId}`;
}

export interface ParsedRoom {
	workspace: string;
	document: DocumentName;
	kind: DocumentKind;
}

/**
 * Parses `<workspace>/<document>`; returns null for anything else (unknown kinds, `..`, empty or
 * over-long parts), so a server can refuse it before touching storage.
 */
export function parseRoom(room: string): ParsedRoom | null {
	if (room.length > 200) return null;
	const parts = room.split('/');
	const [workspace, kind, id] = parts;
	if (workspace === undefined || kind === undefined || !isValidId(workspace)) return null;
	if (parts.length === 2 && (SINGLETON_DOCUMENTS as readonly string[]).includes(kind)) {
		return { workspace, document: kind as SingletonDocument, kind: kind as SingletonDocument };
	}
	if (parts.length === 3 && kind === 'inspection' && id !== undefined && isValidId(id)) {
		return { workspace, document: `inspection/${id}`, kind: 'inspection' };
	}
	return null;
}

/** The kind of a document name: `inspection/<id>` is an inspection, the rest are their own kind. */
export function documentKind(name: DocumentName): DocumentKind {
	return name.startsWith('inspection/') ? 'inspection' : (name as SingletonDocument);
}

export function roomName(workspace: string, document: DocumentName): string {
	return `${workspace}/${document}`;
}
