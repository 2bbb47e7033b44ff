import { api, type ChangeLogEntry, type ChangeQuery } from '../api/client.ts';
import type { AppState } from './app.svelte.ts';

/** Changes asked for per page. */
const PAGE = 200;
/** Most changes one export reads (pages of `PAGE`). */
const EXPORT_MAX = 20_000;

/** The filters of the change log screen: a member id ('' for everyone) and days `YYYY-MM-DD` ('' open). */
export interface ChangeFilter {
	member: string;
	from: string;
	to: string;
}

/** Start of a day `YYYY-MM-DD` in China (the school's time), epoch ms. */
function dayStart(day: string): number {
	return Date.parse(`${day}T00:00:00+08:00`);
}

/**
 * The change log of one document (变更记录): each change as facts, derived on the server from its
 * kept history, with who and when; filtered by person and dates, paged, exportable.
 */
export class ChangesState {
	readonly document: string;
	#app: AppState;
	#entries = $state.raw<ChangeLogEntry[]>([]);
	#historyFrom = $state<number | null>(null);
	#error = $state<unknown>(null);
	#loaded = $state(false);
	#busy = $state(false);
	#more = $state(false);
	/** Everyone seen in any answer so far, for the person filter. */
	#people = $state.raw<Readonly<Record<string, string>>>({});
	filter = $state<ChangeFilter>({ member: '', from: '', to: '' });

	constructor(app: AppState, document: string) {
		this.#app = app;
		this.document = document;
	}

	get entries(): ChangeLogEntry[] {
		return this.#entries;
	}

	/** When the kept history starts, if it does not start with the document. */
	get historyFrom(): number | null {
		return this.#historyFrom;
	}

	/** What the last load threw (describe it with `describeError`), or null. */
	get error(): unknown {
		return this.#error;
	}

	get loaded(): boolean {
		return this.#loaded;
	}

	get busy(): boolean {
		return this.#busy;
	}

	/** Whether earlier changes than those shown may exist. */
	get more(): boolean {
		return this.#more;
	}

	/** [id, name] of everyone seen, by name. */
	get people(): [string, string][] {
		return Object.entries(this.#people).sort((a, b) => a[1].localeCompare(b[1], 'zh-CN'));
	}

	/** The server's query for the current filter. */
	query(): ChangeQuery {
		const { member, from, to } = this.filter;
		return {
			member: member || undefined,
			from: from ? dayStart(from) : undefined,
			// The end of the day: the next day's start, less one millisecond.
			to: to ? dayStart(to) + 24 * 3600_000 - 1 : undefined
		};
	}

	/** Loads the newest changes for the current filter, replacing what is shown. */
	async load(): Promise<void> {
		await this.#fetch(false);
	}

	/** Loads the next page of earlier changes. */
	async loadMore(): Promise<void> {
		await this.#fetch(true);
	}

	/** Every change of the current filter, newest first (for the export), up to `EXPORT_MAX`. */
	async all(): Promise<ChangeLogEntry[]> {
		const token = this.#token();
		const out: ChangeLogEntry[] = [];
		for (;;) {
			const before = out.at(-1)?.seq;
			const page = await api.changes(token, this.document, { ...this.query(), before, limit: 1000 });
			out.push(...page.entries);
			if (page.entries.length < 1000 || out.length >= EXPORT_MAX) return out;
		}
	}

	#token(): string {
		return this.#app.session.current?.token ?? '';
	}

	async #fetch(more: boolean): Promise<void> {
		const token = this.#token();
		if (!token) return;
		this.#busy = true;
		try {
			const before = more ? this.#entries.at(-1)?.seq : undefined;
			const page = await api.changes(token, this.document, { ...this.query(), before, limit: PAGE });
			this.#entries = more ? [...this.#entries, ...page.entries] : page.entries;
			this.#historyFrom = page.historyFrom;
			this.#more = page.entries.length === PAGE;
			const people = { ...this.#people };
			for (const entry of page.entries) if (entry.memberName) people[entry.memberId] = entry.memberName;
			this.#people = people;
			this.#error = null;
		} catch (error) {
			this.#error = error;
		} finally {
			this.#busy = false;
			this.#loaded = true;
		}
	}
}
