import type { HazardLevel, HazardView } from '../model/ledger.ts';
import { matchesText } from '../model/hazard-query.ts';
import {
	hazardDraftFromItem,
	mayLinkHazards,
	readItemHazardLinks,
	type ItemHazardDraft,
	type ItemHazardLink
} from '../model/round-hazard.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';
import { openLedger, type LedgerState } from './ledger.svelte.ts';

/** A hazard linked from an item, with its live view once the ledger holds it (else null). */
export interface LinkedHazard {
	link: ItemHazardLink;
	view: HazardView | null;
}

/** What the register sheet may change of an item's draft. */
export interface ItemHazardInput {
	place: string;
	description: string;
	level: HazardLevel;
	domain: string;
}

/** How many hazards the picker lists for a search. */
export const PICK_LIMIT = 20;

/**
 * A round's failed items and their hazards (round-hazard.ts): the links read from the round, each
 * hazard's number and state live from the app's shared ledger (`openLedger`, whose index re-reads
 * only the records a transaction touched), registering and linking. The ledger is opened only once
 * the round has a link or a sheet needs it, so a round without hazards never loads the ledger.
 */
export class RoundHazardsState {
	#app: AppState;
	#round: DocHandle;
	#editable: () => boolean;
	/** Replaced whole on change, never mutated; null before the first read. */
	#links = $state.raw<ReadonlyMap<string, ItemHazardLink[]> | null>(null);
	#ledger = $state.raw<LedgerState | null>(null);

	constructor(app: AppState, round: DocHandle, editable: () => boolean) {
		this.#app = app;
		this.#round = round;
		this.#editable = editable;
	}

	/** Re-reads the links (the round page calls it after every change of the round). */
	refresh(): void {
		const links = readItemHazardLinks(this.#round.doc);
		// The first read is kept even when empty: `ready` needs to know the round has no links.
		if (this.#links === null || JSON.stringify([...links]) !== JSON.stringify([...this.#links]))
			this.#links = links;
		if (links.size > 0) this.ledger();
	}

	/** The item's hazards, oldest link first. */
	linked(itemId: string): LinkedHazard[] {
		const links = this.#links?.get(itemId) ?? [];
		return links.map((link) => ({ link, view: this.#ledger?.get(link.hazardId) ?? null }));
	}

	/**
	 * False while the round has links and the ledger is still loading from this device's storage,
	 * so a reader that prints states (the round report) does not call every hazard unsynced.
	 */
	get ready(): boolean {
		return this.#links !== null && (this.#links.size === 0 || this.#ledger?.loaded === true);
	}

	/**
	 * Whether this member may register or link hazards from this round's items now: the round is
	 * editable, the role may (round-hazard.ts), and the ledger may be written on this device.
	 */
	get mayAct(): boolean {
		return this.#editable() && mayLinkHazards(this.#app.role) && this.#app.mayWrite('ledger');
	}

	/** The shared ledger, opened on first need (from an event or a change, never while rendering). */
	ledger(): LedgerState {
		if (this.#ledger === null || this.#ledger.destroyed) this.#ledger = openLedger(this.#app);
		return this.#ledger;
	}

	/** What a hazard from `itemId` starts with (place, note, domain, photos). */
	draft(itemId: string): ItemHazardDraft {
		const domains = this.ledger().duty.domains.map((domain) => domain.id);
		return hazardDraftFromItem(this.#round.doc, itemId, domains);
	}

	/** Registers the hazard; throws the model's error (the sheet shows it and keeps what was typed). */
	register(itemId: string, input: ItemHazardInput): Promise<HazardView> {
		return this.ledger().registerFromItem(this.#round, itemId, input);
	}

	link(itemId: string, hazardId: string): HazardView {
		return this.ledger().linkToItem(this.#round, itemId, hazardId);
	}

	/**
	 * Hazards matching `query` (number, place or description) that are not linked to `itemId` yet,
	 * in the ledger's order, at most PICK_LIMIT: a pass over the index's cached views, no record read.
	 * The picker opens the ledger (`ledger()`) before it searches.
	 */
	search(itemId: string, query: string): HazardView[] {
		const taken = (this.#links?.get(itemId) ?? []).map((link) => link.hazardId);
		const out: HazardView[] = [];
		for (const view of this.#ledger?.views ?? []) {
			if (taken.includes(view.id) || !matchesText(view, query)) continue;
			out.push(view);
			if (out.length === PICK_LIMIT) break;
		}
		return out;
	}

	destroy(): void {
		this.#ledger?.release();
		this.#ledger = null;
	}
}
