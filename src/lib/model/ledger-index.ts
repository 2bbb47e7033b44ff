import * as Y from 'yjs';
import { compareDefault } from './ledger.ts';
import { hazards, readHazard, type HazardView } from './hazard-record.ts';
import { findNumberClashes } from './hazard-number.ts';
import { summarize, type LedgerSummary, type QueryContext } from './hazard-query.ts';
import type { ReadProblem } from './read.ts';
import { chinaDate } from './time.ts';

/** Above this many records changed at once, the list is sorted anew rather than patched. */
const PATCH_LIMIT = 64;

/**
 * The ledger's views, kept current record by record: the cache a state class wraps for a 10,000-entry
 * table. Plain TypeScript (no Svelte), so the tests and the server can use it too.
 *
 * Every record is read once when the index is made. After that, `observeDeep` on the hazards map says
 * which records a transaction touched (an event's path starts with the record's id; a change of the
 * map itself names its keys), and only those are read again, lazily, when the views are next asked
 * for: a keystroke in one description, or a remote update touching three records, re-reads one or
 * three records. `views` is a stable array in the ledger's default order (latest found first): the same
 * array until something changes, then a new array in which every untouched view is the same object,
 * so a state class can hold it as `$state.raw` and keyed rows re-render only where a view changed.
 */
export class LedgerIndex {
	readonly #hazards: Y.Map<unknown>;
	readonly #views = new Map<string, HazardView>();
	readonly #problems = new Map<string, ReadProblem[]>();
	readonly #dirty = new Set<string>();
	readonly #listeners = new Set<() => void>();
	#list: readonly HazardView[] = [];
	#version = 0;
	#reads = 0;
	#summary: { key: string; owners: QueryContext['owners']; value: LedgerSummary } | null = null;
	#clashes: { version: number; value: ReadonlyMap<string, string[]> } | null = null;

	constructor(doc: Y.Doc) {
		this.#hazards = hazards(doc);
		for (const id of this.#hazards.keys()) this.#dirty.add(id);
		this.#flush();
		this.#hazards.observeDeep(this.#observe);
	}

	/** Every readable hazard in the default order; a new array only when something changed. */
	get views(): readonly HazardView[] {
		this.#flush();
		return this.#list;
	}

	/** One hazard's view, or null. */
	get(id: string): HazardView | null {
		this.#flush();
		return this.#views.get(id) ?? null;
	}

	/** Goes up by one for every transaction that touched a hazard. */
	get version(): number {
		return this.#version;
	}

	/** Records read since the index was made (tests count reads; nothing here is timed). */
	get reads(): number {
		return this.#reads;
	}

	/** What readers skipped or defaulted, per damaged record (read.ts). */
	get problems(): ReadProblem[] {
		this.#flush();
		return [...this.#problems.values()].flat();
	}

	/** Numbers held by more than one hazard: none by construction, but a hostile update could make one. */
	get clashes(): ReadonlyMap<string, string[]> {
		const views = this.views;
		if (this.#clashes?.version !== this.#version)
			this.#clashes = { version: this.#version, value: findNumberClashes(views) };
		return this.#clashes.value;
	}

	/** Counts for lists and Home, computed once per change and calendar day (overdue turns at midnight). */
	summary(context: QueryContext): LedgerSummary {
		const views = this.views;
		const key = `${this.#version}/${chinaDate(context.now)}`;
		if (this.#summary?.key !== key || this.#summary.owners !== context.owners)
			this.#summary = { key, owners: context.owners, value: summarize(views, context) };
		return this.#summary.value;
	}

	/** Calls `listener` after every transaction that touched a hazard; returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	destroy(): void {
		this.#hazards.unobserveDeep(this.#observe);
		this.#listeners.clear();
	}

	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	readonly #observe = (events: Y.YEvent<any>[]): void => {
		for (const event of events) {
			if (event.target === this.#hazards) {
				for (const key of (event as Y.YMapEvent<unknown>).keysChanged) this.#dirty.add(key);
			} else {
				const id = event.path[0];
				if (typeof id === 'string') this.#dirty.add(id);
			}
		}
		this.#version++;
		for (const listener of this.#listeners) listener();
	};

	#flush(): void {
		if (this.#dirty.size === 0) return;
		const removed: HazardView[] = [];
		const added: HazardView[] = [];
		for (const id of this.#dirty) {
			const old = this.#views.get(id);
			if (old !== undefined) removed.push(old);
			const next = this.#read(id);
			if (next !== null) added.push(next);
		}
		this.#dirty.clear();
		this.#list =
			removed.length + added.length > PATCH_LIMIT
				? [...this.#views.values()].sort(compareDefault)
				: patch(this.#list, removed, added);
	}

	#read(id: string): HazardView | null {
		const rec = this.#hazards.get(id);
		this.#problems.delete(id);
		if (!(rec instanceof Y.Map)) {
			this.#views.delete(id);
			if (rec !== undefined) this.#problems.set(id, [{ record: 'hazard', id }]);
			return null;
		}
		this.#reads++;
		const problems: ReadProblem[] = [];
		const view = readHazard(id, rec as Y.Map<unknown>, problems);
		this.#views.set(id, view);
		if (problems.length > 0) this.#problems.set(id, problems);
		return view;
	}
}

/** `list` (sorted) without `removed` and with `added`, each placed by binary search. */
function patch(list: readonly HazardView[], removed: HazardView[], added: HazardView[]): HazardView[] {
	const next = [...list];
	for (const view of removed) {
		const at = position(next, view);
		if (next[at] === view) next.splice(at, 1);
	}
	for (const view of added) next.splice(position(next, view), 0, view);
	return next;
}

function position(list: readonly HazardView[], view: HazardView): number {
	let low = 0;
	let high = list.length;
	while (low < high) {
		const mid = (low + high) >>> 1;
		if (compareDefault(list[mid]!, view) < 0) low = mid + 1;
		else high = mid;
	}
	return low;
}
