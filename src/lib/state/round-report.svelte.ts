import { buildRoundReport, type RoundReport } from '../export/round-report.ts';
import { inspectionDocument } from '../model/documents.ts';
import { readRound } from '../model/inspection.ts';
import { roundLifecycle } from '../model/round-lifecycle.ts';
import { roundTeam } from '../model/round-team.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/**
 * One round's report for the print view: the round's document opened through the hub (this
 * device's copy first, then live), read into a `RoundReport` at most once per batch of changes.
 * Read-only: it announces no presence and writes nothing. `destroy()` releases the document.
 */
export class RoundReportState {
	readonly id: string;
	#app: AppState;
	#handle: DocHandle;
	#report = $state.raw<RoundReport | null>(null);
	#loaded = $state(false);
	#queued = false;
	#stop: () => void;

	constructor(app: AppState, id: string) {
		this.id = id;
		this.#app = app;
		this.#handle = app.hub.open(inspectionDocument(id));
		this.#stop = this.#handle.onChange(() => this.#schedule());
		this.#read();
		void this.#handle.loaded.then(() => {
			this.#read();
			this.#loaded = true;
		});
	}

	/** The report as the round stands; null while the round is not (yet) on this device. */
	get report(): RoundReport | null {
		return this.#report;
	}

	/** False until this device's own copy has been read, so "not here" is not said too early. */
	get loaded(): boolean {
		return this.#loaded;
	}

	destroy(): void {
		this.#stop();
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
		this.#report = reportOf(this.#handle, this.#app.workspaceName);
	}
}

/** The report of the round in `handle`'s document, or null when it has none yet. */
export function reportOf(handle: Pick<DocHandle, 'doc'>, school: string): RoundReport | null {
	const round = readRound(handle.doc);
	if (round === null) return null;
	return buildRoundReport({
		school,
		round,
		team: roundTeam(handle.doc),
		lifecycle: roundLifecycle(handle.doc)
	});
}
