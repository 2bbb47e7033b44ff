import type * as Y from 'yjs';
import type { Origin } from './origin.ts';
import { applySeeds, seedUpdate } from './seed.ts';
import { hasTemplate, templateSeed } from './template-store.ts';
import { SEED_TEMPLATE } from './templates.ts';

/**
 * Schema migrations of the workspace (design.md §7): forward-only and idempotent, because an old
 * offline device can come back months later with old-shape data and migrate it on its own.
 *
 * The applied version is not one number at one key: two devices migrating concurrently would race on
 * it and could leave the lower value. Each step instead adds a marker `v<n>` to the `migrations` map,
 * and the schema version is the highest marker present. Markers only accumulate, so the version only
 * goes forward, whatever order devices sync in. Markers are seeds, identical on every device.
 *
 * Writing defaults is avoided on purpose: a default written by an old device would race with the value
 * a user set meanwhile. Readers supply defaults instead (e.g. `drillFrequency`), and steps only add
 * structure that is missing.
 */
export const MIGRATIONS_KEY = 'migrations';

interface Migration {
	to: number;
	/** The seeds this step applies to `doc`; must be a no-op on a document that already has them. */
	seeds(doc: Y.Doc): Uint8Array[];
}

const MIGRATIONS: readonly Migration[] = [
	{
		// v1: the baseline. A workspace from before versioning may lack the seed template.
		to: 1,
		seeds: (doc) => (hasTemplate(doc, SEED_TEMPLATE.id) ? [] : [templateSeed(SEED_TEMPLATE)])
	}
];

export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.to ?? 0;

export function versionMarker(version: number): Uint8Array {
	return seedUpdate((scratch) => scratch.getMap(MIGRATIONS_KEY).set(`v${version}`, true));
}

/** The highest version marker present (0 for a workspace from before versioning). */
export function appliedVersion(doc: Y.Doc): number {
	let version = 0;
	for (const key of doc.getMap(MIGRATIONS_KEY).keys()) {
		const match = /^v(\d+)$/.exec(key);
		if (match) version = Math.max(version, Number(match[1]));
	}
	return version;
}

/**
 * Runs every step above the applied version, one transaction per step with a `migration` origin.
 * A document written by a newer app (version above ours) is left alone.
 */
export function runMigrations(doc: Y.Doc): void {
	let from = appliedVersion(doc);
	for (const step of MIGRATIONS) {
		if (step.to <= from) continue;
		const origin: Origin = { source: 'migration', from, to: step.to };
		applySeeds(doc, [...step.seeds(doc), versionMarker(step.to)], origin);
		from = step.to;
	}
}
