import * as Y from 'yjs';
import { isValidId } from './documents.ts';
import { ROUND_TITLE_MAX } from './inspection.ts';
import { localOrigin, type Actor } from './origin.ts';
import {
	MIGRATIONS_KEY,
	SCHEMA_VERSION,
	appliedVersion,
	runMigrations,
	versionMarker
} from './migrations.ts';
import { applySeeds, seedUpdate } from './seed.ts';
import { draftSeed, latestTemplate, publishedVersion, templateIds, templateSeed } from './template-store.ts';
import { SEED_TEMPLATE, type ChecklistTemplate, type PublishedTemplate } from './templates.ts';
import {
	requireActor,
	requireId,
	requireInt,
	requireMonth,
	requireOneOf,
	requireText,
	requireTimestamp
} from './validate.ts';
import { ModelError } from './errors.ts';
import { actor, num, text } from './read.ts';

export { SCHEMA_VERSION, MIGRATIONS_KEY };

/**
 * The `meta` document: workspace settings, templates and the index of inspection rounds.
 *
 *   workspace  Y.Map   name, createdAt, createdBy, drillFrequency, inspectionSchedule (schedule.ts)
 *   templates, templateDrafts, templateVersions  see template-store.ts
 *   rounds     Y.Map<roundId, Y.Map>  RoundSummary fields
 *   migrations see migrations.ts
 */
const WORKSPACE = 'workspace';
const ROUNDS = 'rounds';

export const WORKSPACE_NAME_MAX = 60;
export const DRILL_FREQUENCIES = ['semester', 'month'] as const;
export type DrillFrequency = (typeof DRILL_FREQUENCIES)[number];

export interface WorkspaceMeta {
	name: string;
	/** Highest migration applied; above `SCHEMA_VERSION` means a newer app wrote this workspace. */
	schemaVersion: number;
	/** How often a school-wide drill is due. Default 'semester', as the seed plan asks. */
	drillFrequency: DrillFrequency;
	createdAt: number;
	createdBy: Actor;
}

export interface RoundSummary {
	id: string;
	title: string;
	/** YYYY-MM */
	month: string;
	createdAt: number;
	createdBy: Actor;
	/** The template the round was made from, so any device can initialise the round (rounds.ts). */
	templateId?: string;
	templateVersion?: number;
}

export interface InitWorkspaceInput {
	name: string;
	actor: Actor;
	/** Default `Date.now()`. */
	now?: number;
}

/** Creates the workspace settings, the seed template and the version marker. Idempotent. */
export function initWorkspace(doc: Y.Doc, input: InitWorkspaceInput): void {
	const name = requireText(input.name, 'workspaceName', WORKSPACE_NAME_MAX);
	const actor = requireActor(input.actor);
	const createdAt = requireTimestamp(input.now ?? Date.now(), 'time');
	if (readWorkspace(doc) !== null) return;
	const header = seedUpdate((scratch) => {
		const workspace = scratch.getMap(WORKSPACE);
		workspace.set('name', name);
		workspace.set('createdAt', createdAt);
		workspace.set('createdBy', actor);
	});
	applySeeds(
		doc,
		[header, templateSeed(SEED_TEMPLATE), draftSeed(SEED_TEMPLATE), versionMarker(SCHEMA_VERSION)],
		localOrigin(actor)
	);
}

export function readWorkspace(doc: Y.Doc): WorkspaceMeta | null {
	const workspace = doc.getMap<unknown>(WORKSPACE);
	const name = workspace.get('name');
	if (typeof name !== 'string') return null;
	const frequency = workspace.get('drillFrequency');
	const createdBy = workspace.get('createdBy');
	return {
		name,
		schemaVersion: appliedVersion(doc),
		drillFrequency: frequency === 'month' ? 'month' : 'semester',
		createdAt: num(workspace.get('createdAt')),
		createdBy: actor(createdBy)
	};
}

export function setWorkspaceName(doc: Y.Doc, name: string, actor: Actor): void {
	const value = requireText(name, 'workspaceName', WORKSPACE_NAME_MAX);
	requireInitialised(doc);
	doc.transact(() => doc.getMap(WORKSPACE).set('name', value), localOrigin(requireActor(actor)));
}

export function setDrillFrequency(doc: Y.Doc, frequency: DrillFrequency, actor: Actor): void {
	const value = requireOneOf(frequency, DRILL_FREQUENCIES, 'drillFrequency');
	requireInitialised(doc);
	doc.transact(() => doc.getMap(WORKSPACE).set('drillFrequency', value), localOrigin(requireActor(actor)));
}

/** The newest published version of every template, by title. */
export function listTemplates(doc: Y.Doc): PublishedTemplate[] {
	return templateIds(doc)
		.map((id) => latestTemplate(doc, id))
		.filter((template): template is PublishedTemplate => template !== null)
		.sort((a, b) => (a.title !== b.title ? (a.title < b.title ? -1 : 1) : a.id < b.id ? -1 : 1));
}

/** The newest published version of a template: what a new round copies. */
export function getTemplate(doc: Y.Doc, id: string): ChecklistTemplate | null {
	const latest = latestTemplate(doc, id);
	return latest === null
		? null
		: { id: latest.id, version: latest.version, title: latest.title, areas: latest.areas };
}

/** One published version, or null when missing or ambiguous (template-store.ts). */
export function getTemplateVersion(doc: Y.Doc, id: string, version: number): ChecklistTemplate | null {
	return publishedVersion(doc, id, version);
}

/**
 * Adds a round to the index; a round already indexed is left as it is. The entry is a seed of the
 * summary, so the same summary indexed by two devices merges into one entry.
 */
export function addRoundToIndex(doc: Y.Doc, summary: RoundSummary, actor: Actor): void {
	const entry = validateSummary(summary);
	const who = requireActor(actor);
	if (doc.getMap(ROUNDS).has(entry.id)) return;
	const seed = seedUpdate((scratch) => {
		const record = new Y.Map<unknown>();
		scratch.getMap<Y.Map<unknown>>(ROUNDS).set(entry.id, record);
		for (const [key, value] of Object.entries(entry)) if (value !== undefined) record.set(key, value);
	});
	applySeeds(doc, [seed], localOrigin(who));
}

/** Renames an indexed round (the round document keeps its own title; rounds.ts renames both). */
export function renameIndexedRound(doc: Y.Doc, roundId: string, title: string, actor: Actor): void {
	const value = requireText(title, 'roundTitle', ROUND_TITLE_MAX);
	const record = doc.getMap<Y.Map<unknown>>(ROUNDS).get(roundId);
	if (!(record instanceof Y.Map))
		throw new ModelError('unknown_record', `unknown round: ${roundId}`, { record: 'round' });
	doc.transact(() => record.set('title', value), localOrigin(requireActor(actor)));
}

/** Rounds, newest month first, then newest created first, then by id. */
export function listRounds(doc: Y.Doc): RoundSummary[] {
	const out: RoundSummary[] = [];
	doc.getMap<Y.Map<unknown>>(ROUNDS).forEach((record, id) => {
		if (record instanceof Y.Map) out.push(readSummary(id, record));
	});
	return out.sort(
		(a, b) =>
			(a.month < b.month ? 1 : a.month > b.month ? -1 : 0) ||
			b.createdAt - a.createdAt ||
			(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

export function getRoundSummary(doc: Y.Doc, roundId: string): RoundSummary | null {
	const record = doc.getMap<Y.Map<unknown>>(ROUNDS).get(roundId);
	return record instanceof Y.Map ? readSummary(roundId, record) : null;
}

/** Brings an initialised workspace up to `SCHEMA_VERSION`; see migrations.ts. */
export function migrate(doc: Y.Doc): void {
	if (readWorkspace(doc) === null) return;
	runMigrations(doc, 'meta');
}

function readSummary(id: string, record: Y.Map<unknown>): RoundSummary {
	const createdBy = record.get('createdBy');
	const templateId = record.get('templateId');
	const templateVersion = record.get('templateVersion');
	return {
		id,
		title: text(record.get('title')),
		month: text(record.get('month')),
		createdAt: num(record.get('createdAt')),
		createdBy: actor(createdBy),
		...(typeof templateId === 'string' ? { templateId } : {}),
		...(typeof templateVersion === 'number' ? { templateVersion } : {})
	};
}

function validateSummary(summary: RoundSummary): RoundSummary {
	return {
		id: requireRoundId(summary.id),
		title: requireText(summary.title, 'roundTitle', ROUND_TITLE_MAX),
		month: requireMonth(summary.month),
		createdAt: requireTimestamp(summary.createdAt, 'time'),
		createdBy: requireActor(summary.createdBy),
		templateId: summary.templateId === undefined ? undefined : requireId(summary.templateId, 'templateId'),
		templateVersion:
			summary.templateVersion === undefined
				? undefined
				: requireInt(summary.templateVersion, 'templateVersion', 1, 1_000_000)
	};
}

function requireRoundId(id: string): string {
	if (!isValidId(id)) throw new ModelError('invalid_id', `invalid round id: ${id}`, { field: 'roundId' });
	return id;
}

function requireInitialised(doc: Y.Doc): void {
	if (readWorkspace(doc) === null)
		throw new ModelError('not_initialised', 'workspace is not initialised', { record: 'workspace' });
}
