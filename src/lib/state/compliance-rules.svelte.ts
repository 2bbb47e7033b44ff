import { listComplianceRules, type ComplianceRule } from '../model/compliance.ts';
import { readWorkspace, type DrillFrequency } from '../model/meta.ts';
import { readSchedule, type InspectionSchedule } from '../model/schedule.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/** 考核, read-only for now: the rules accepted from the plan and the settings they decide, from `meta`. */
export class ComplianceRulesState {
	#app: AppState;
	#handle: DocHandle;
	#rules = $state.raw<ComplianceRule[]>([]);
	#schedule = $state.raw<InspectionSchedule | null>(null);
	#drillFrequency = $state<DrillFrequency>('semester');
	#stop: () => void;

	constructor(app: AppState) {
		this.#app = app;
		this.#handle = app.hub.open('meta');
		this.#stop = this.#handle.onChange(() => this.#refresh());
		this.#refresh();
		void this.#handle.loaded.then(() => this.#refresh());
	}

	get rules(): ComplianceRule[] {
		return this.#rules;
	}
	get schedule(): InspectionSchedule | null {
		return this.#schedule;
	}
	get drillFrequency(): DrillFrequency {
		return this.#drillFrequency;
	}

	destroy(): void {
		this.#stop();
		this.#app.hub.release('meta');
	}

	#refresh(): void {
		const doc = this.#handle.doc;
		this.#rules = listComplianceRules(doc);
		this.#schedule = readSchedule(doc);
		this.#drillFrequency = readWorkspace(doc)?.drillFrequency ?? 'semester';
	}
}
