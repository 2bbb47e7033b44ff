import { LedgerIndex } from '../model/ledger-index.ts';
import {
	linkHazardToItem,
	registerHazardFromItem,
	type RegisterFromItemOptions
} from '../model/round-hazard.ts';
import { registerHazard, canRegister, type HazardView, type RegisterHazardInput } from '../model/ledger.ts';
import {
	countInbox,
	hasInbox,
	inboxReason,
	inboxReasons,
	selectInbox,
	type InboxCounts,
	type InboxReason
} from '../model/hazard-inbox.ts';
import { filterHazards, sortHazards, type LedgerSummary } from '../model/hazard-query.ts';
import type { DomainOwners } from '../model/hazard-rules.ts';
import { chinaMonth } from '../model/time.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';
import { deviceSpace, lastIssued, rememberIssued } from './device-space.ts';
import { DutyContext } from './duty-context.svelte.ts';
import { toHazardFilter, type LedgerQuery, type LedgerView } from './ledger-query.ts';

/** How often `now` moves on: overdue days and the 24-hour countdowns are shown to the minute. */
const TICK_MS = 30_000;
/** A ledger let go of lingers this long, so going from Home to 台账 does not read it all again. */
const LINGER_MS = 15_000;

/**
 * The hazard ledger for the screens: the `ledger` document through the hub, its `LedgerIndex`
 * (per-record cached views, ledger-index.ts) and the duty board's names, owners and this member's
 * departments (`duty`, a DutyContext). `views` is `$state.raw`, assigned a new array only when the
 * index says something changed, in which untouched views are the same objects, so a 10,000-row
 * table re-renders only the rows that changed.
 *
 * Home and the ledger share one instance per app (`openLedger`, `release`): the index is built once.
 */
export class LedgerState {
	readonly duty: DutyContext;
	#app: AppState;
	#handle: DocHandle;
	#index: LedgerIndex;
	#views = $state.raw<readonly HazardView[]>([]);
	#loaded = $state(false);
	#now = $state(Date.now());
	#owners = $derived.by((): DomainOwners => this.duty.owners);
	#inbox = $derived.by(() => selectInbox(this.#views, this.duty.member, this.#owners));
	#holds = 0;
	#linger: ReturnType<typeof setTimeout> | undefined;
	#scheduled = false;
	#stop: (() => void)[] = [];
	#destroyed = false;

	constructor(app: AppState) {
		this.#app = app;
		this.duty = new DutyContext(app);
		this.#handle = app.hub.open('ledger');
		this.#index = new LedgerIndex(this.#handle.doc);
		this.#views = this.#index.views;
		this.#stop.push(this.#index.subscribe(() => this.#schedule()));
		const tick = setInterval(() => (this.#now = Date.now()), TICK_MS);
		this.#stop.push(() => clearInterval(tick));
		void this.#handle.loaded.then(() => {
			if (this.#destroyed) return;
			this.#views = this.#index.views;
			this.#loaded = true;
		});
	}

	/** Every hazard, latest found first; a new array only after a change. */
	get views(): readonly HazardView[] {
		return this.#views;
	}

	/** False until the device's own copy has been read, so an empty ledger is not shown too early. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** The time overdue and countdowns are measured at; moves on every half minute. */
	get now(): number {
		return this.#now;
	}

	get owners(): DomainOwners {
		return this.#owners;
	}

	get summary(): LedgerSummary {
		void this.#views;
		return this.#index.summary({ now: this.#now, owners: this.#owners });
	}

	get(id: string): HazardView | null {
		void this.#views;
		return this.#index.get(id);
	}

	/** Why this member has an inbox (none for leaders and viewers). */
	get inboxReasons(): InboxReason[] {
		return inboxReasons(this.duty.member);
	}

	get hasInbox(): boolean {
		return hasInbox(this.duty.member);
	}

	/** The entries waiting for this member (hazard-inbox.ts), in the ledger's order. */
	get inbox(): HazardView[] {
		return this.#inbox;
	}

	get inboxCounts(): InboxCounts {
		return countInbox(this.#inbox, this.duty.member, this.#owners, this.#now);
	}

	inboxReason(hazard: HazardView): InboxReason | null {
		return inboxReason(hazard, this.duty.member, this.#owners);
	}

	/** Where the screen opens: this member's inbox when they have one, else the whole ledger. */
	get defaultView(): LedgerView {
		return this.hasInbox ? 'todo' : 'all';
	}

	/** A department head whom the office has not yet given a department: they may look and report. */
	get needsDepartment(): boolean {
		return this.#app.role === 'dept' && this.duty.member.deptIds.length === 0;
	}

	/** The rows for `query`: the view (inbox or all), then its filters, search and order. */
	rows(query: LedgerQuery): HazardView[] {
		const view = query.view ?? this.defaultView;
		const base = view === 'todo' ? this.#inbox : this.#views;
		const filter = toHazardFilter(query);
		const rows =
			Object.keys(filter).length > 0
				? filterHazards(base, filter, { now: this.#now, owners: this.#owners })
				: [...base];
		return query.sort === null ? rows : sortHazards(rows, query.sort, query.dir);
	}

	/** Whether this member may register hazards here (and the ledger was not written by a newer app). */
	get canRegister(): boolean {
		return this.#app.mayWrite('ledger') && canRegister(this.duty.member);
	}

	/** This device's number space, or null before it has one (then nothing can be registered). */
	get numberSpace(): string | null {
		return deviceSpace(this.#app);
	}

	/**
	 * Registers a hazard in this device's number space (the quick report). Throws the model's
	 * ModelError for input it refuses; nothing is written then. Runs under a Web Lock with the last
	 * number this device issued kept in localStorage, so two tabs of one device, whose copies of the
	 * ledger may lag each other, never issue one number twice.
	 */
	async register(input: RegisterHazardInput): Promise<HazardView> {
		return this.#numbered((space, now, last) =>
			registerHazard(this.#handle.doc, input, this.duty.member, space, now, { lastIssued: last })
		);
	}

	/**
	 * 登记隐患 on a failed checklist item of `round` (round-hazard.ts), numbered like `register`.
	 * `input` holds the sheet's edits of the item's draft.
	 */
	async registerFromItem(
		round: DocHandle,
		itemId: string,
		input: RegisterFromItemOptions['input']
	): Promise<HazardView> {
		return this.#numbered((space, now, last) =>
			registerHazardFromItem(this.#handle.doc, round.doc, itemId, this.duty.member, space, {
				input,
				now,
				lastIssued: last,
				domains: this.duty.domains.map((domain) => domain.id)
			})
		);
	}

	/** 关联已有隐患: links hazard `hazardId` to a failed item of `round`, on both sides. */
	linkToItem(round: DocHandle, itemId: string, hazardId: string): HazardView {
		return linkHazardToItem(this.#handle.doc, round.doc, itemId, hazardId, this.duty.member);
	}

	/** Runs a registration under the device's number lock (see `register`). */
	async #numbered(make: (space: string, now: number, lastIssued: number) => HazardView): Promise<HazardView> {
		const workspace = this.#app.hub.workspace;
		const run = (): HazardView => {
			const space = this.numberSpace ?? '';
			const now = Date.now();
			const view = make(space, now, lastIssued(workspace, space, chinaMonth(now)));
			rememberIssued(workspace, view.number);
			return view;
		};
		if (typeof navigator === 'undefined' || !navigator.locks) return run();
		return navigator.locks.request(`xiaoan:register-hazard:${workspace}`, run);
	}

	/** Counts one more holder (openLedger). */
	hold(): void {
		this.#holds++;
		clearTimeout(this.#linger);
	}

	/** Lets go of one hold; the last one destroys the ledger state after a short linger. */
	release(): void {
		if (--this.#holds > 0) return;
		this.#linger = setTimeout(() => {
			if (this.#holds <= 0) this.destroy();
		}, LINGER_MS);
	}

	/** Runs `fn` when this state is destroyed. */
	onDestroy(fn: () => void): void {
		this.#stop.push(fn);
	}

	get destroyed(): boolean {
		return this.#destroyed;
	}

	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		clearTimeout(this.#linger);
		for (const stop of this.#stop) stop();
		this.#index.destroy();
		this.duty.destroy();
		this.#app.hub.release('ledger');
		if (shared.get(this.#app) === this) shared.delete(this.#app);
	}

	/** Many transactions at once (a sync, an import) become one new array. */
	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		queueMicrotask(() => {
			this.#scheduled = false;
			if (this.#destroyed) return;
			this.#views = this.#index.views;
			// A new entry's countdown starts now, not at the last tick.
			this.#now = Date.now();
		});
	}
}

const shared = new WeakMap<AppState, LedgerState>();

/**
 * The app's ledger state, made on first use; pair every call with `release()`. It is made in an
 * effect root of its own: made inside the first page's component, its deriveds would stop
 * updating once that page is gone while the next page still holds it.
 */
export function openLedger(app: AppState): LedgerState {
	let ledger = shared.get(app);
	if (ledger === undefined || ledger.destroyed) {
		const made: { ledger?: LedgerState } = {};
		const stop = $effect.root(() => {
			made.ledger = new LedgerState(app);
		});
		if (made.ledger === undefined) throw new Error('the effect root did not run');
		ledger = made.ledger;
		ledger.onDestroy(stop);
		shared.set(app, ledger);
	}
	ledger.hold();
	return ledger;
}
