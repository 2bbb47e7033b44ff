import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import * as Y from 'yjs';
import { PlanFileError, planTextFromFile } from '../../src/lib/import/plan-file.ts';
import { roomName } from '../../src/lib/model/documents.ts';
import { isNewerSchema, runMigrations } from '../../src/lib/model/migrations.ts';
import { SYSTEM_ORIGIN } from '../../src/lib/model/origin.ts';
import { importVersionName, planBodyHasText, replacePlanBody } from '../../src/lib/model/plan-body.ts';
import { derivePlan, type PlanDerivation } from '../../src/lib/model/plan-derive.ts';
import { parsePlan, planBlocks, type ParsedPlan } from '../../src/lib/model/plan-import.ts';
import { saveVersion } from '../../src/lib/model/plan.ts';
import { SYSTEM_MEMBER } from '../accounts/seed.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import { openDocuments } from './rooms.ts';

/**
 * `plan derive FILE` and `plan import --workspace ID FILE [--replace]`: a plan's text (.txt or
 * .docx) read with the same parser the app will use (src/lib/model/plan-import.ts, plan-derive.ts).
 */

/** A refusal of a plan command, with a code scripts can test and an English message. */
export class PlanCommandError extends Error {
	override name = 'PlanCommandError';
	constructor(
		readonly code: 'file_not_found' | 'plan_not_empty' | 'newer_schema',
		message: string
	) {
		super(message);
	}
}

/** Reads and parses a plan file; refusals name the file. */
export async function readPlan(file: string): Promise<ParsedPlan> {
	const info = await stat(file).catch(() => null);
	if (!info?.isFile()) throw new PlanCommandError('file_not_found', `no such file: ${file}`);
	try {
		return parsePlan(await planTextFromFile(basename(file), new Uint8Array(await readFile(file))));
	} catch (error) {
		if (error instanceof PlanFileError) throw new PlanFileError(error.code, `${file}: ${error.message}`);
		throw error;
	}
}

export async function derivePlanFile(file: string): Promise<PlanDerivation> {
	return derivePlan(await readPlan(file));
}

export interface PlanImportResult {
	room: string;
	/** Headings written (the outline), and every block written. */
	headings: number;
	blocks: number;
	/** The version saved from the text replaced (with --replace), or null. */
	savedVersion: string | null;
}

/**
 * Writes the plan's outline and text into the workspace's `plan` document as the server's own
 * change (`system` in the audit trail), then raises the workspace's generation so a running server
 * reloads its rooms from storage (as after `room drop` or a restore: its sockets close with 1012
 * and devices reconnect). A plan that has text is replaced only with `replace`, after its text is
 * saved as a named version, so nothing is lost.
 */
export function importPlan(
	dataDir: string,
	workspace: string,
	plan: ParsedPlan,
	options: { replace: boolean; now?: number }
): PlanImportResult {
	const now = options.now ?? Date.now();
	const room = roomName(workspace, 'plan');
	const db = openDocuments(dataDir);
	try {
		const storage = new SqliteStorage('', { database: db });
		return db.transaction(() => {
			const doc = new Y.Doc();
			for (const update of storage.load(room)) Y.applyUpdate(doc, update);
			if (isNewerSchema('plan', doc))
				throw new PlanCommandError('newer_schema', 'a newer app wrote this plan: update the server first');
			const hadText = planBodyHasText(doc);
			if (hadText && !options.replace)
				throw new PlanCommandError(
					'plan_not_empty',
					'the workspace plan already has text; add --replace to replace it (its text is saved as a version first)'
				);
			const before = Y.encodeStateVector(doc);
			runMigrations(doc, 'plan');
			const saved = hadText
				? saveVersion(doc, importVersionName(now), { id: SYSTEM_MEMBER, name: SYSTEM_MEMBER }, now)
				: null;
			const blocks = planBlocks(plan);
			replacePlanBody(doc, blocks, SYSTEM_ORIGIN);
			const update = Y.encodeStateAsUpdate(doc, before);
			// Only this writer's own client: seed markers are shared by every device that seeds.
			const clock = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).get(doc.clientID);
			const clients = new Map(clock === undefined ? [] : [[doc.clientID, clock]]);
			storage.append(room, update, { memberId: SYSTEM_MEMBER, at: now, clients });
			db.prepare('UPDATE workspaces SET generation = generation + 1 WHERE id = ?').run(workspace);
			doc.destroy();
			return { room, headings: plan.outline.length, blocks: blocks.length, savedVersion: saved?.id ?? null };
		})();
	} finally {
		db.close();
	}
}
