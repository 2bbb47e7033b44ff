import { inspectionDocument } from '../model/documents.ts';
import { listRounds, readWorkspace, type RoundSummary } from '../model/meta.ts';
import { createRound } from '../model/rounds.ts';
import { SEED_TEMPLATE } from '../model/templates.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/** The workspace's list of inspection rounds, from the `meta` document. */
export class RoundsState {
	#app: AppState;
	#meta: DocHandle;
	#rounds = $state<RoundSummary[]>([]);
	#workspaceName = $state<string | null>(null);
	#loaded = $state(false);
	#stop: (() => void)[] = [];

	constructor(app: AppState) {
		this.#app = app;
		this.#meta = app.hub.open('meta');
		this.#stop.push(this.#meta.onChange(() => this.#refresh()));
		this.#refresh();
		void this.#meta.loaded.then(() => {
			this.#loaded = true;
			this.#refresh();
		});
	}

	get rounds(): RoundSummary[] {
		return this.#rounds;
	}

	get workspaceName(): string | null {
		return this.#workspaceName;
	}

	/** False until the device's own copy has been read, so an empty list is not shown too early. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Whether this member may create rounds (leaders and the office). */
	get canCreate(): boolean {
		return this.#app.canCreateRound;
	}

	/** Creates a round from the workspace's checklist template; works offline. */
	create(input: { title: string; month: string }): RoundSummary {
		const id = crypto.randomUUID();
		const name = inspectionDocument(id);
		const round = this.#app.hub.open(name);
		try {
			return createRound(this.#meta.doc, round.doc, {
				id,
				title: input.title,
				month: input.month,
				templateId: SEED_TEMPLATE.id,
				actor: this.#app.actor
			});
		} finally {
			this.#app.hub.release(name);
		}
	}

	destroy(): void {
		for (const stop of this.#stop) stop();
		this.#app.hub.release('meta');
	}

	#refresh(): void {
		this.#rounds = listRounds(this.#meta.doc);
		this.#workspaceName = readWorkspace(this.#meta.doc)?.name ?? null;
	}
}
