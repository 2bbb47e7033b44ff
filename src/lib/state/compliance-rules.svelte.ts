import { listComplianceRules, type ComplianceRule } from '../model/compliance.ts';
import { readWorkspace, type DrillFrequency } from '../model/meta.ts';
import { readSchedule, type InspectionSchedule } from '../model/schedule.ts';
import type { AppState } from './app.svelte.ts';
import { OpenDocument } from './open-document.svelte.ts';

/** 考核, read-only for now: the rules accepted from the plan and the settings they decide, from `meta`. */
export class ComplianceRulesState {
	#meta: OpenDocument;
	#rules = $state.raw<ComplianceRule[]>([]);
	#schedule = $state.raw<InspectionSchedule | null>(null);
	#drillFrequency = $state<DrillFrequency>('semester');

	constructor(app: AppState) {
		this.#meta = new OpenDocument(app.hub, 'meta', (doc) => this.#read(doc));
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
		this.#meta.destroy();
	}

	#read(doc: OpenDocument['doc']): void {
		this.#rules = listComplianceRules(doc);
		this.#schedule = readSchedule(doc);
		this.#drillFrequency = readWorkspace(doc)?.drillFrequency ?? 'semester';
	}
}
