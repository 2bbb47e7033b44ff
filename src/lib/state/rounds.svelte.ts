import { listRoundItems, type RoundListItem } from '../model/derived.ts';
import { inspectionDocument } from '../model/documents.ts';
import { readWorkspace, type RoundSummary } from '../model/meta.ts';
import { setRoundTeam, type TeamInput } from '../model/round-team.ts';
import { createRound } from '../model/rounds.ts';
import { readSchedule, roundDue, type RoundDue } from '../model/schedule.ts';
import { SEED_TEMPLATE } from '../model/templates.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';
import { localRoundStats, type LocalRoundStats } from './local-round-stats.ts';

/** A round in a list: its summary, and whether this device holds changes the summary lacks. */
export interface RoundRow extends RoundListItem {
	unsynced: boolean;
}

/**
 * The workspace's inspection rounds with their summaries, all from the `meta` document (the server
 * derives the summaries), never opening the rounds themselves.
 */
export class RoundsState {
	#app: AppState;
	#meta: DocHandle;
	#local: LocalRoundStats;
	#rounds = $state.raw<RoundRow[]>([]);
	#workspaceName = $state<string | null>(null);
	#loaded = $state(false);
	#due = $state.raw<RoundDue | null>(null);
	#now: () => number;
	#stop: (() => void)[] = [];

	/** `now` is the clock the due date is read against (tests inject one). */
	constructor(app: AppState, now: () => number = Date.now) {
		this.#app = app;
		this.#now = now;
		this.#meta = app.hub.open('meta');
		this.#local = localRoundStats(app.hub.workspace);
		this.#stop.push(this.#meta.onChange(() => this.#refresh()));
		// Pending counts change as the device stores changes (and as rounds are visited).
		this.#stop.push(app.hub.onStatus(() => this.#refresh()));
		this.#refresh();
		void this.#meta.loaded.then(() => {
			this.#loaded = true;
			this.#refresh();
		});
	}

	get rounds(): RoundRow[] {
		return this.#rounds;
	}

	get workspaceName(): string | null {
		return this.#workspaceName;
	}

	/** False until the device's own copy has been read, so an empty list is not shown too early. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Whether this month's round is due, by the schedule in `meta` (schedule.ts). */
	get due(): RoundDue | null {
		return this.#due;
	}

	/** Whether this member may edit the checklist template (the office and leaders). */
	get canEditTemplate(): boolean {
		return this.#app.mayWrite('meta');
	}

	/** Whether this member may create rounds (the office). */
	get canCreate(): boolean {
		return this.#app.canCreateRound;
	}

	/**
	 * Creates a round from the newest published version of the checklist template, with its team
	 * when one was picked; works offline.
	 */
	create(input: { title: string; month: string; team?: readonly TeamInput[] }): RoundSummary {
		const id = crypto.randomUUID();
		const name = inspectionDocument(id);
		const round = this.#app.hub.open(name);
		try {
			const summary = createRound(this.#meta.doc, round.doc, {
				id,
				title: input.title,
				month: input.month,
				templateId: SEED_TEMPLATE.id,
				actor: this.#app.actor
			});
			if (input.team && input.team.length > 0) setRoundTeam(round.doc, input.team, this.#app.actor);
			return summary;
		} finally {
			this.#app.hub.release(name);
		}
	}

	destroy(): void {
		for (const stop of this.#stop) stop();
		this.#app.hub.release('meta');
	}

	#refresh(): void {
		const hub = this.#app.hub;
		const rows = listRoundItems(this.#meta.doc).map((round): RoundRow => {
			const unsynced = hub.pendingFor(inspectionDocument(round.id)) > 0;
			const local = unsynced ? this.#local.get(round.id) : null;
			return { ...round, stats: local ?? round.stats, unsynced };
		});
		if (!sameRows(this.#rounds, rows)) this.#rounds = rows;
		const due = roundDue(readSchedule(this.#meta.doc), rows, this.#now());
		if (JSON.stringify(due) !== JSON.stringify(this.#due)) this.#due = due;
		this.#workspaceName = readWorkspace(this.#meta.doc)?.name ?? null;
	}
}

function sameRows(a: readonly RoundRow[], b: readonly RoundRow[]): boolean {
	return a.length === b.length && a.every((row, i) => JSON.stringify(row) === JSON.stringify(b[i]));
}
