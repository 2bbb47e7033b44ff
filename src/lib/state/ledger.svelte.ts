import { untrack } from 'svelte';
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
import {
	countRows,
	filterHazards,
	sortHazards,
	type LedgerSummary,
	type RowCounts
} from '../model/hazard-query.ts';
import type { DomainOwners } from '../model/hazard-rules.ts';
import { deviceKindOf } from '../model/photos.ts';
import { answerFromFirstRows, makeFirstRows, type FirstRows } from '../model/ledger-first-rows.ts';
import { chinaMonth } from '../model/time.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';
import { deviceSpace, lastIssued, rememberIssued } from './device-space.ts';
import { DutyContext } from './duty-context.svelte.ts';
import { FirstRowsKeeper, loadFirstRows } from './ledger-first-rows.ts';
import { toHazardFilter, type LedgerQuery, type LedgerView } from './ledger-query.ts';

/** What the table shows for a query. */
export interface LedgerRows {
	rows: HazardView[];
	/** The counts of every match; null while only the first matches are known. */
	counts: RowCounts | null;
	/** More matches may follow once the ledger has loaded. */
	partial: boolean;
	/** The rows are the device's kept first rows (ledger-first-rows.ts), not yet the live ledger. */
	stored: boolean;
}

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
 * Until both documents have loaded from the device (`live`), the screens show what this member's
 * ledger looked like when last open (the kept first rows and counts, ledger-first-rows.ts), marked
 * as being updated (`pending`); once live, the kept rows are dropped and kept anew from the live
 * ledger, two seconds after it last changed.
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
	/** This member's kept first rows, until the ledger is live. */
	#stored = $state.raw<FirstRows | null>(null);
	#keeper: FirstRowsKeeper;

	constructor(app: AppState) {
		this.#app = app;
		// Where the bench (tests/bench/ledger-app.ts) starts the screen's own part of a cold open.
		performance.mark('xiaoan:ledger-open');
		const workspace = app.hub.workspace;
		const member = app.actor.id;
		// Read before anything else, so the first render has rows.
		this.#stored = loadFirstRows(workspace, { id: member, role: app.role });
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

		this.#keeper = new FirstRowsKeeper({
			workspace,
			member,
			make: () => this.#firstRows(),
			signedIn: () => app.session.current?.member.id === member
		});
		$effect(() => {
			// What the kept rows are made of: the views, and the inbox's member and owners.
			void this.#views;
			void this.duty.member;
			void this.#owners;
			if (!this.live) return;
			this.#stored = null;
			untrack(() => this.#keeper.changed());
		});
		const hidden = () => this.#keeper.flush();
		addEventListener('pagehide', hidden);
		this.#stop.push(() => {
			removeEventListener('pagehide', hidden);
			this.#keeper.flush();
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

	/** The ledger and the duty board (which the inbox needs) have loaded: what shows is live. */
	get live(): boolean {
		return this.#loaded && this.duty.loaded;
	}

	/** What shows comes from the device's kept rows, or is not known yet: say it is being loaded. */
	get pending(): boolean {
		return !this.live;
	}

	/** How many entries each list holds (全部, 我的待办); null while not known. */
	get sizes(): Record<LedgerView, number | null> {
		if (this.live) return { all: this.#views.length, todo: this.#inbox.length };
		const stored = this.#stored;
		return { all: stored?.all.counts.total ?? null, todo: stored?.todo?.counts.total ?? null };
	}

	/** The time overdue and countdowns are measured at; moves on every half minute. */
	get now(): number {
		return this.#now;
	}

	get owners(): DomainOwners {
		return this.#owners;
	}

	/** The whole ledger's counts (Home); the kept ones until live. */
	get summary(): LedgerSummary {
		void this.#views;
		if (!this.live && this.#stored !== null) return this.#stored.summary;
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

	/** The inbox's counts (Home); the kept ones until live. */
	get inboxCounts(): InboxCounts {
		if (!this.live && this.#stored !== null) return this.#stored.inbox;
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
		return this.#app.role === 'dept' && this.duty.loaded && this.duty.member.deptIds.length === 0;
	}

	/**
	 * The rows for `query`: the view (inbox or all), then its filters, search and order. Until the
	 * ledger is live, what the kept first rows can truly answer (answerFromFirstRows), or null when
	 * they cannot: the screen then says it is loading rather than show rows that may be wrong.
	 */
	rows(query: LedgerQuery): LedgerRows | null {
		const view = query.view ?? this.defaultView;
		const filter = toHazardFilter(query);
		const context = { now: this.#now, owners: this.#owners };
		if (!this.live) {
			const stored = this.#stored;
			const part = view === 'todo' ? (stored?.todo ?? null) : (stored?.all ?? null);
			// A department's entries depend on the domains' owners, from the duty board.
			if (part === null || (filter.dept !== undefined && !this.duty.loaded)) return null;
			const sort = query.sort === null ? null : { key: query.sort, dir: query.dir };
			const answer = answerFromFirstRows(part, filter, sort, context);
			return answer === null ? null : { ...answer, stored: true };
		}
		const base = view === 'todo' ? this.#inbox : this.#views;
		const filtered = Object.keys(filter).length > 0 ? filterHazards(base, filter, context) : [...base];
		const rows = query.sort === null ? filtered : sortHazards(filtered, query.sort, query.dir);
		return { rows, counts: countRows(rows, this.#now), partial: false, stored: false };
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
			registerHazard(this.#handle.doc, input, this.duty.member, space, now, {
				lastIssued: last,
				device: deviceKindOf(navigator.userAgent)
			})
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

	/** What to keep of the live ledger for the next open (ledger-first-rows.ts). */
	#firstRows(): FirstRows {
		const member = this.duty.member;
		return makeFirstRows({
			member: member.id,
			role: member.role,
			now: Date.now(),
			views: this.#index.views,
			inbox: this.hasInbox ? this.#inbox : null,
			summary: this.summary,
			inboxCounts: this.inboxCounts
		});
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
