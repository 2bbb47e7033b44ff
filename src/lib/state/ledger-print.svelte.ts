import type { LedgerPeriod } from '../export/ledger-period.ts';
import { exportNames, ledgerRows, type LedgerTable } from '../model/hazard-export.ts';
import { filterHazards, sortHazards } from '../model/hazard-query.ts';
import type { HazardView } from '../model/hazard-record.ts';
import { LedgerIndex } from '../model/ledger-index.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';
import { DutyContext } from './duty-context.svelte.ts';

/**
 * The ledger as the print view and the exports read it: every hazard's view from a `LedgerIndex`
 * over the `ledger` document (opened through the hub, so it comes from IndexedDB and stays live),
 * and the duty board's names for departments and domains. `destroy()` releases both documents.
 */
export class LedgerPrintState {
	readonly duty: DutyContext;
	#app: AppState;
	#handle: DocHandle;
	#index: LedgerIndex;
	#views = $state.raw<readonly HazardView[]>([]);
	#loaded = $state(false);
	#stop: () => void;

	constructor(app: AppState) {
		this.#app = app;
		this.duty = new DutyContext(app);
		this.#handle = app.hub.open('ledger');
		this.#index = new LedgerIndex(this.#handle.doc);
		this.#stop = this.#index.subscribe(() => (this.#views = this.#index.views));
		this.#views = this.#index.views;
		void this.#handle.loaded.then(() => {
			this.#views = this.#index.views;
			this.#loaded = true;
		});
	}

	/** Every hazard, latest found first (the ledger's default order). */
	get views(): readonly HazardView[] {
		return this.#views;
	}

	/** False until the device's own copy has been read, so an empty ledger is not shown too early. */
	get loaded(): boolean {
		return this.#loaded;
	}

	get school(): string {
		return this.#app.workspaceName;
	}

	/** The hazards found in `period`, oldest first, as the register lists them. */
	inPeriod(period: LedgerPeriod, now = Date.now()): HazardView[] {
		const found = filterHazards(this.#views, period.filter, { now, owners: this.duty.owners });
		return sortHazards(found, 'foundAt', 'asc');
	}

	/** The bureau's rows for `views`, in their order (hazard-export.ts). */
	table(views: readonly HazardView[], now = Date.now()): LedgerTable {
		return ledgerRows(views, exportNames(this.duty.departments, this.duty.domains), now);
	}

	destroy(): void {
		this.#stop();
		this.#index.destroy();
		this.#app.hub.release('ledger');
		this.duty.destroy();
	}
}
