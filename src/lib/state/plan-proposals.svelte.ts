import { planBodyText } from '../model/plan-body.ts';
import { derivePlan } from '../model/plan-derive.ts';
import { parsePlan } from '../model/plan-import.ts';
import {
	acceptProposal,
	mayDecide,
	planProposals,
	type Proposal,
	type ProposalTarget
} from '../model/plan-proposals.ts';
import { readRejections, rejectProposal, unrejectProposal } from '../model/plan-rejections.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/**
 * 职责与规则建议: the plan's text derived into proposals, compared live with the duty board and
 * the settings (`plan`, `duty` and `meta` open through the hub), accepted or rejected one by one.
 * A change to any of the three re-derives once per task, however many updates arrive together.
 */
export class ProposalsState {
	#app: AppState;
	#plan: DocHandle;
	#duty: DocHandle;
	#meta: DocHandle;
	#proposals = $state.raw<Proposal[]>([]);
	#planEmpty = $state(true);
	#loaded = $state(false);
	#error = $state<unknown>(null);
	#scheduled = false;
	#stop: (() => void)[] = [];

	constructor(app: AppState) {
		this.#app = app;
		this.#plan = app.hub.open('plan');
		this.#duty = app.hub.open('duty');
		this.#meta = app.hub.open('meta');
		for (const handle of [this.#plan, this.#duty, this.#meta])
			this.#stop.push(handle.onChange(() => this.#schedule()));
		void Promise.all([this.#plan.loaded, this.#duty.loaded, this.#meta.loaded]).then(() => {
			this.#refresh();
			this.#loaded = true;
		});
	}

	/** The device's copies of the three documents are read. */
	get loaded(): boolean {
		return this.#loaded;
	}

	get planEmpty(): boolean {
		return this.#planEmpty;
	}

	get proposals(): Proposal[] {
		return this.#proposals;
	}

	/** Whether this member may accept or reject proposals written to `target`. */
	mayDecide(target: ProposalTarget): boolean {
		return mayDecide(this.#app.role, target) && this.#app.mayWrite(target) && this.#app.mayWrite('plan');
	}

	/** Whether this member may decide any proposal (for the read-only line). */
	get mayDecideAny(): boolean {
		return this.mayDecide('duty') || this.mayDecide('meta');
	}

	/** The last refusal of an accept or reject (describeError turns it into words). */
	get error(): unknown {
		return this.#error;
	}

	accept(proposal: Proposal): void {
		this.#run(proposal, () =>
			acceptProposal(proposal, { duty: this.#duty.doc, meta: this.#meta.doc }, this.#app.actor)
		);
	}

	reject(proposal: Proposal): void {
		this.#run(proposal, () => rejectProposal(this.#plan.doc, proposal, this.#app.actor));
	}

	/** Proposes a rejected proposal again. */
	reconsider(proposal: Proposal): void {
		this.#run(proposal, () => unrejectProposal(this.#plan.doc, proposal.key, this.#app.actor));
	}

	destroy(): void {
		for (const stop of this.#stop) stop();
		this.#app.hub.release('plan');
		this.#app.hub.release('duty');
		this.#app.hub.release('meta');
	}

	#run(proposal: Proposal, write: () => void): void {
		if (!this.mayDecide(proposal.target)) return;
		try {
			write();
			this.#error = null;
		} catch (error) {
			this.#error = error;
		}
	}

	#schedule(): void {
		if (this.#scheduled || !this.#loaded) return;
		this.#scheduled = true;
		queueMicrotask(() => {
			this.#scheduled = false;
			this.#refresh();
		});
	}

	#refresh(): void {
		const text = planBodyText(this.#plan.doc);
		this.#planEmpty = text.trim() === '';
		this.#proposals = this.#planEmpty
			? []
			: planProposals(derivePlan(parsePlan(text)), {
					duty: this.#duty.doc,
					meta: this.#meta.doc,
					rejections: readRejections(this.#plan.doc)
				});
	}
}
