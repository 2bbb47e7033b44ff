import { buildRoundReport, type RoundReport, type RoundReportInput } from '../export/round-report.ts';
import { inspectionDocument } from '../model/documents.ts';
import { readRound } from '../model/inspection.ts';
import { roundLifecycle } from '../model/round-lifecycle.ts';
import { roundTeam } from '../model/round-team.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';
import { RoundHazardsState } from './round-hazards.svelte.ts';

/** What the report takes from the round's own document, read once per batch of its changes. */
type RoundPart = Omit<RoundReportInput, 'school' | 'hazards'>;

/**
 * One round's report for the print view: the round's document opened through the hub (this
 * device's copy first, then live), read at most once per batch of changes, and the hazards raised
 * from its items through the round page's own `RoundHazardsState`: the links from the round, each
 * hazard's number and state from the app's shared ledger index (opened once, only when the round
 * has links; a lookup per linked hazard, never a pass over the ledger). A move on a hazard
 * elsewhere re-builds the report from the round as already read. Read-only: it announces no
 * presence and writes nothing. `destroy()` releases the documents.
 */
export class RoundReportState {
	readonly id: string;
	#app: AppState;
	#handle: DocHandle;
	#hazards: RoundHazardsState;
	#round = $state.raw<RoundPart | null>(null);
	#loaded = $state(false);
	#queued = false;
	#stop: () => void;
	#report = $derived.by((): RoundReport | null => {
		if (this.#round === null || !this.#hazards.ready) return null;
		return buildRoundReport({
			...this.#round,
			school: this.#app.workspaceName,
			hazards: (itemId) => this.#hazards.linked(itemId)
		});
	});

	constructor(app: AppState, id: string) {
		this.id = id;
		this.#app = app;
		this.#handle = app.hub.open(inspectionDocument(id));
		this.#hazards = new RoundHazardsState(app, this.#handle, () => false);
		this.#stop = this.#handle.onChange(() => this.#schedule());
		this.#read();
		void this.#handle.loaded.then(() => {
			this.#read();
			this.#loaded = true;
		});
	}

	/**
	 * The report as the round stands; null while the round is not (yet) on this device, and while
	 * the ledger that names its hazards' states is still loading.
	 */
	get report(): RoundReport | null {
		return this.#report;
	}

	/**
	 * False until this device's own copy of the round (and, when it links hazards, of the ledger)
	 * has been read, so "not here" is not said too early.
	 */
	get loaded(): boolean {
		return this.#loaded && this.#hazards.ready;
	}

	destroy(): void {
		this.#stop();
		this.#hazards.destroy();
		this.#app.hub.release(inspectionDocument(this.id));
	}

	/** A sync of many changes is one re-read. */
	#schedule(): void {
		if (this.#queued) return;
		this.#queued = true;
		queueMicrotask(() => {
			this.#queued = false;
			this.#read();
		});
	}

	#read(): void {
		this.#round = roundPart(this.#handle);
		this.#hazards.refresh();
	}
}

/** The round in `handle`'s document as the report reads it, or null when it has none yet. */
function roundPart(handle: Pick<DocHandle, 'doc'>): RoundPart | null {
	const round = readRound(handle.doc);
	if (round === null) return null;
	return { round, team: roundTeam(handle.doc), lifecycle: roundLifecycle(handle.doc) };
}
