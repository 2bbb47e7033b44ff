import { ApiError, api } from '../api/client.ts';
import { asOfDoc, type AsOfDoc } from '../model/as-of.ts';
import { documentKind, type DocumentKind, type DocumentName } from '../model/documents.ts';
import { readRound, type RoundView } from '../model/inspection.ts';
import { listHazards, type HazardView } from '../model/ledger.ts';
import { mayRestore } from '../model/permissions.ts';
import { differingBlocks, planBody, restoreBody } from '../model/plan.ts';
import { planLedgerRestore, planRoundRestore, restoreLedger, restoreRound } from '../model/restore.ts';
import { onPresenceChange, peers, type DocHandle, type PeerPresence } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';
import { DutyContext } from './duty-context.svelte.ts';

/** How long a restore waits for the live document to sync with the server. */
const SYNC_WAIT_MS = 10_000;

/** The kinds shown as of a date; the others have no such screen yet. */
export const AS_OF_KINDS = ['ledger', 'plan', 'inspection'] as const satisfies readonly DocumentKind[];
export type AsOfKind = (typeof AS_OF_KINDS)[number];

export function isAsOfKind(kind: DocumentKind): kind is AsOfKind {
	return (AS_OF_KINDS as readonly string[]).includes(kind);
}

/** What a restore would write, counted for the confirmation (restore.ts). */
export type RestorePreview =
	| { kind: 'inspection'; items: number; conflicts: number; signedOff: boolean }
	| { kind: 'ledger'; hazards: number; blocked: number; stateKept: number; registeredSince: number }
	| { kind: 'plan'; blocks: number; editing: string[] };

/**
 * 某一时刻的状态: one document (the ledger, the plan or a round) as it stood at `at`, fetched from
 * the server's kept history into a detached in-memory document (model/as-of.ts), never into the
 * live one nor IndexedDB; read with the same readers as the live screens. Restoring writes the
 * difference into the live document (opened through the hub) as one change by this member.
 */
export class AsOfState {
	readonly document: DocumentName;
	readonly kind: AsOfKind;
	readonly at: number;
	#app: AppState;
	#handle: DocHandle;
	#duty: DutyContext | null;
	#old = $state.raw<AsOfDoc | null>(null);
	#error = $state<unknown>(null);
	#peers = $state.raw<PeerPresence[]>([]);
	#stop: (() => void)[] = [];
	#destroyed = false;

	constructor(app: AppState, document: DocumentName, at: number) {
		const kind = documentKind(document);
		if (!isAsOfKind(kind)) throw new TypeError(`no as-of screen for ${kind}`);
		this.#app = app;
		this.document = document;
		this.kind = kind;
		this.at = at;
		this.#handle = app.hub.open(document);
		this.#duty = kind === 'ledger' ? new DutyContext(app) : null;
		this.#stop.push(
			onPresenceChange(this.#handle.awareness, () => (this.#peers = peers(this.#handle.awareness)))
		);
	}

	/** Asks the server for the document as of `at`; `error` says why not (offline, not kept …). */
	async load(): Promise<void> {
		const token = this.#app.session.current?.token ?? '';
		try {
			const state = await api.historyState(token, this.document, this.at);
			if (this.#destroyed) return;
			this.#old = asOfDoc(state);
			this.#error = null;
		} catch (error) {
			this.#error = error;
		}
	}

	get loaded(): boolean {
		return this.#old !== null;
	}

	/** What the last load threw (describe it), or null. */
	get error(): unknown {
		return this.#error;
	}

	/** The duty board, live, for the ledger's department names (null for other kinds). */
	get duty(): DutyContext | null {
		return this.#duty;
	}

	/** The ledger's entries as they stood, in the ledger's default order. */
	get hazards(): HazardView[] {
		return this.#old === null ? [] : listHazards(this.#old);
	}

	/** The round as it stood; null before it was created (or before the state loaded). */
	get round(): RoundView | null {
		return this.#old === null ? null : readRound(this.#old);
	}

	/** Whether the plan's text was empty then. */
	get planEmpty(): boolean {
		return this.#old !== null && planBody(this.#old).length === 0;
	}

	/** Shows the plan's text as it stood, read-only, in `element` (the editor's chunk, loaded now). */
	async showPlan(element: HTMLElement, label: string): Promise<() => void> {
		const old = this.#old;
		if (old === null) return () => undefined;
		const { showPlanText } = await import('../editor/plan-viewer.ts');
		return showPlanText(element, planBody(old), label);
	}

	/** Whether this member may restore this document (office or leader, as permissions.ts says). */
	get canRestore(): boolean {
		return mayRestore(this.#app.role, this.kind) && this.#app.mayWrite(this.document);
	}

	/** What restoring would write now, against the live document as this device holds it. */
	async preview(): Promise<RestorePreview | null> {
		const old = this.#old;
		if (old === null) return null;
		await this.#ready();
		const live = this.#handle.doc;
		switch (this.kind) {
			case 'inspection': {
				const plan = planRoundRestore(live, old);
				return {
					kind: 'inspection',
					items: plan.items.length,
					conflicts: plan.conflicts.length,
					signedOff: plan.signedOff
				};
			}
			case 'ledger': {
				const duty = this.#duty!;
				const plan = planLedgerRestore(live, old, duty.member, duty.owners);
				return {
					kind: 'ledger',
					hazards: plan.hazards.length,
					blocked: plan.blocked.length,
					stateKept: plan.stateKept,
					registeredSince: plan.registeredSince
				};
			}
			case 'plan': {
				const editing = this.#peers.map((peer) => peer.name);
				return { kind: 'plan', blocks: differingBlocks(planBody(live), planBody(old)), editing };
			}
		}
	}

	/**
	 * Restores the document to how it stood, as one new change by this member; `label` names the
	 * plan's automatic version of the text before (恢复“…”前的正文). Throws the model's refusal.
	 */
	async restore(label: string): Promise<void> {
		const old = this.#old;
		if (old === null || !this.canRestore) return;
		await this.#ready();
		const live = this.#handle.doc;
		const actor = this.#app.actor;
		switch (this.kind) {
			case 'inspection':
				restoreRound(live, old, actor);
				break;
			case 'ledger':
				restoreLedger(live, old, this.#duty!.member, this.#duty!.owners);
				break;
			case 'plan':
				restoreBody(live, planBody(old), label, actor);
				break;
		}
	}

	destroy(): void {
		this.#destroyed = true;
		for (const stop of this.#stop) stop();
		this.#duty?.destroy();
		this.#app.hub.release(this.document);
		this.#old?.destroy();
	}

	/**
	 * The live document as the server has it (a restore compares with it: a stale copy would miss
	 * changes made elsewhere since), and the duty board the ledger's rules need. Throws `network`
	 * when the document does not sync within `SYNC_WAIT_MS`.
	 */
	async #ready(): Promise<void> {
		await this.#handle.loaded;
		await this.#duty?.ready;
		const synced = await new Promise<boolean>((resolve) => {
			const check = () => {
				if (this.#handle.status.connection !== 'synced') return;
				clearTimeout(timer);
				stop();
				resolve(true);
			};
			const timer = setTimeout(() => {
				stop();
				resolve(false);
			}, SYNC_WAIT_MS);
			const stop = this.#handle.onStatus(check);
			check();
		});
		if (!synced) throw new ApiError(0, 'network', 'the live document is not synced');
	}
}
