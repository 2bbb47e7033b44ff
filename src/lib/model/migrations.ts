import type * as Y from 'yjs';
import type { DocumentKind } from './documents.ts';
import type { Origin } from './origin.ts';
import { applySeeds, seedUpdate } from './seed.ts';
import {
	DRAFTS,
	draftSeed,
	hasTemplate,
	readSeededTemplate,
	templateSeed,
	TEMPLATES
} from './template-store.ts';
import { SEED_TEMPLATE } from './templates.ts';

/**
 * Schema migrations of every document (design.md §7): forward-only and idempotent, because an old
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

/** v1 is every document's baseline: it only records the version. */
const BASELINE: readonly Migration[] = [{ to: 1, seeds: () => [] }];

/** Each kind of document has its own steps and its own version, recorded inside the document. */
const MIGRATIONS: Record<DocumentKind, readonly Migration[]> = {
	meta: [
		{
			// v1: the baseline. A workspace from before versioning may lack the seed template.
			to: 1,
			seeds: (doc) => (hasTemplate(doc, SEED_TEMPLATE.id) ? [] : [templateSeed(SEED_TEMPLATE)])
		},
		{
			// v2: templates are edited on a draft and published as versions (template-store.ts). Each
			// seeded template gets its draft, seeded from it, the same on every device. The marker
			// also tells an app of version 1, which would keep making rounds from version 1, to open
			// the workspace read-only and ask for an update.
			to: 2,
			seeds: (doc) =>
				[...doc.getMap(TEMPLATES).keys()]
					.filter((id) => !doc.getMap(DRAFTS).has(id))
					.flatMap((id) => {
						const seeded = readSeededTemplate(doc, id);
						return seeded === null ? [] : [draftSeed(seeded)];
					})
		}
	],
	plan: BASELINE,
	duty: BASELINE,
	ledger: [
		...BASELINE,
		{
			// v2: the `verified` state (re-inspection passed, awaiting 销号), records with new optional
			// fields, per-device numbers. Nothing to rewrite: old records read with defaults, and the
			// marker tells an app of version 1, which would misread the new state, to open the ledger
			// read-only and ask for an update.
			to: 2,
			seeds: () => []
		}
	],
	drills: BASELINE,
	inspection: BASELINE
};

/** The version this app writes for a kind of document. */
export function schemaVersion(kind: DocumentKind): number {
	const steps = MIGRATIONS[kind];
	return steps[steps.length - 1]?.to ?? 0;
}

/** The workspace (`meta`) schema version of this app. */
export const SCHEMA_VERSION: number = schemaVersion('meta');

export function versionMarker(version: number): Uint8Array {
	return seedUpdate((scratch) => scratch.getMap(MIGRATIONS_KEY).set(`v${version}`, true));
}

/** The highest version marker present (0 for a document from before versioning). */
export function appliedVersion(doc: Y.Doc): number {
	let version = 0;
	for (const key of doc.getMap(MIGRATIONS_KEY).keys()) {
		const match = /^v(\d+)$/.exec(key);
		if (match) version = Math.max(version, Number(match[1]));
	}
	return version;
}

/**
 * Whether a newer app wrote this document: its shape may have changed in ways this app does not
 * know, so this app must only read it (and say so) rather than write old-shape data into it.
 */
export function isNewerSchema(kind: DocumentKind, doc: Y.Doc): boolean {
	return appliedVersion(doc) > schemaVersion(kind);
}

/**
 * Runs every step of `kind` above the applied version, one transaction per step with a `migration`
 * origin; returns the steps run (0 when up to date). A document written by a newer app is left alone.
 */
export function runMigrations(doc: Y.Doc, kind: DocumentKind = 'meta'): number {
	let from = appliedVersion(doc);
	let ran = 0;
	for (const step of MIGRATIONS[kind]) {
		if (step.to <= from) continue;
		const origin: Origin = { source: 'migration', from, to: step.to };
		applySeeds(doc, [...step.seeds(doc), versionMarker(step.to)], origin);
		from = step.to;
		ran++;
	}
	return ran;
}
