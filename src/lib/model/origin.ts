/** Who is acting: a workspace member as shown to others. */
export interface Actor {
	/** Stable member id (from the token once accounts exist). */
	id: string;
	/** Display name at the time of the action; stored with answers so history reads well. */
	name: string;
}

/**
 * Transaction origins are a typed union so code can tell who changed a document and why.
 * Remote changes arrive with the provider or persistence object as origin, which is never one of these.
 */
export type Origin =
	| { source: 'local'; actor: Actor }
	| { source: 'seed' }
	| { source: 'migration'; from: number; to: number }
	/** The server deriving summaries into `meta` from the documents it stores. */
	| { source: 'system' }
	/** A workspace file imported on this device by `actor` (sync/workspace-transfer.ts). */
	| { source: 'import'; actor: Actor };

export function isOrigin(value: unknown): value is Origin {
	if (typeof value !== 'object' || value === null || !('source' in value)) return false;
	const source = (value as { source: unknown }).source;
	return (
		source === 'local' ||
		source === 'seed' ||
		source === 'migration' ||
		source === 'system' ||
		source === 'import'
	);
}

export function localOrigin(actor: Actor): Origin {
	return { source: 'local', actor };
}

export const SYSTEM_ORIGIN: Origin = { source: 'system' };
