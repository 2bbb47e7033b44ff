import {
	readSchedule,
	setInspectionSchedule,
	DEFAULT_SCHEDULE,
	type InspectionSchedule
} from '../model/schedule.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/** The inspection schedule setting (设置 → 巡检安排), from `meta`. */
export class ScheduleState {
	#app: AppState;
	#meta: DocHandle;
	#schedule = $state.raw<InspectionSchedule>(DEFAULT_SCHEDULE);
	#error = $state<unknown>(null);
	#stop: () => void;

	constructor(app: AppState) {
		this.#app = app;
		this.#meta = app.hub.open('meta');
		const refresh = () => {
			const next = readSchedule(this.#meta.doc);
			if (next.cadence !== this.#schedule.cadence || next.dueDay !== this.#schedule.dueDay)
				this.#schedule = next;
		};
		this.#stop = this.#meta.onChange(refresh);
		refresh();
		void this.#meta.loaded.then(refresh);
	}

	get schedule(): InspectionSchedule {
		return this.#schedule;
	}

	/** The office and leaders set it; others read it. */
	get canEdit(): boolean {
		return this.#app.mayWrite('meta');
	}

	get error(): unknown {
		return this.#error;
	}

	/** Saves the setting; false when refused (see `error`). */
	set(schedule: InspectionSchedule): boolean {
		try {
			setInspectionSchedule(this.#meta.doc, schedule, this.#app.actor);
			this.#error = null;
			return true;
		} catch (error) {
			this.#error = error;
			return false;
		}
	}

	destroy(): void {
		this.#stop();
		this.#app.hub.release('meta');
	}
}
