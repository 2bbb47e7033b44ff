import {
	CSV_TYPE,
	ledgerCsv,
	ledgerFileName,
	ledgerXlsx,
	type LedgerHeading
} from '../export/ledger-export.ts';
import { exportNames, ledgerRows } from '../model/hazard-export.ts';
import type { HazardView } from '../model/hazard-record.ts';
import type { AppState } from './app.svelte.ts';
import { downloadBlob } from './download.ts';
import { DutyContext } from './duty-context.svelte.ts';

export type ExportFormat = 'xlsx' | 'csv';

/**
 * Downloads the ledger's XLSX or CSV for the bureau: the views given (a screen's current filter, in
 * its order), in the standard columns, titled with the school and the period. Uses the duty board
 * for department and domain names: the `DutyContext` passed in, or one of its own (released by
 * `destroy()`).
 */
export class LedgerExporter {
	#app: AppState;
	#duty: DutyContext;
	#ownsDuty: boolean;
	#busy = $state<ExportFormat | null>(null);
	#error = $state<unknown>(null);

	constructor(app: AppState, duty?: DutyContext) {
		this.#app = app;
		this.#ownsDuty = duty === undefined;
		this.#duty = duty ?? new DutyContext(app);
	}

	/** The format being written, or null. */
	get busy(): ExportFormat | null {
		return this.#busy;
	}

	/** Why the last export failed (describeError words it), or null. */
	get error(): unknown {
		return this.#error;
	}

	async download(format: ExportFormat, views: readonly HazardView[], period: string): Promise<void> {
		if (this.#busy !== null) return;
		this.#busy = format;
		this.#error = null;
		try {
			const heading: LedgerHeading = { school: this.#app.workspaceName, period };
			const table = ledgerRows(views, exportNames(this.#duty.departments, this.#duty.domains), Date.now());
			const blob =
				format === 'xlsx'
					? await ledgerXlsx(table, heading)
					: new Blob([ledgerCsv(table)], { type: CSV_TYPE });
			downloadBlob(blob, ledgerFileName(heading, format));
		} catch (error) {
			this.#error = error;
		} finally {
			this.#busy = null;
		}
	}

	destroy(): void {
		if (this.#ownsDuty) this.#duty.destroy();
	}
}
