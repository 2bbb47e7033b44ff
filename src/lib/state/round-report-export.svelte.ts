import type { RoundReport } from '../export/round-report.ts';
import { reportFileName, roundReportXlsx } from '../export/round-report-xlsx.ts';
import { downloadBlob } from './download.ts';

/** Downloads a round's report as XLSX (`巡检-2026-11-<school>.xlsx`); the writer loads on first use. */
export class RoundReportExporter {
	#busy = $state(false);
	#error = $state<unknown>(null);

	get busy(): boolean {
		return this.#busy;
	}

	/** Why the last export failed (describeError words it), or null. */
	get error(): unknown {
		return this.#error;
	}

	async download(report: RoundReport | null): Promise<void> {
		if (this.#busy || report === null) return;
		this.#busy = true;
		this.#error = null;
		try {
			downloadBlob(await roundReportXlsx(report), reportFileName(report));
		} catch (error) {
			this.#error = error;
		} finally {
			this.#busy = false;
		}
	}
}
