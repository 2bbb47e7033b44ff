import { canDeletePlanVersion, canRestorePlanVersion, canSavePlanVersion } from '../model/permissions.ts';
import {
	deleteVersion,
	listVersions,
	loadVersion,
	planBody,
	restoreVersion,
	sameAsVersion,
	saveVersion,
	type PlanVersion
} from '../model/plan.ts';
import { comparePlanBodies, type DiffBlock } from '../model/plan-compare.ts';
import { onPresenceChange, peers, type DocHandle, type PeerPresence } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/** A text to compare: a saved version's id, or the plan's current text. */
export type PlanTextRef = string;
export const CURRENT = 'current';

/** What a comparison shows, or why it cannot (a version not on this device, damaged). */
export type PlanComparison = { blocks: DiffBlock[]; error: null } | { blocks: null; error: unknown };

/**
 * 方案 → 版本: the plan's named versions, saving one, comparing any two texts (or one with the
 * current text, live), showing one read-only, restoring and deleting, as this member may.
 * Opens the `plan` document through the hub like the editor's PlanState; it sets no presence of
 * its own (the editor's carets and 在线 list are about typing), but reads who is editing.
 */
export class PlanVersionsState {
	#app: AppState;
	#handle: DocHandle;
	#loaded = $state(false);
	#versions = $state.raw<PlanVersion[]>([]);
	/** Counts changes of the document, so what reads the current text is read again. */
	#changes = $state(0);
	#peers = $state.raw<PeerPresence[]>([]);
	#stop: (() => void)[] = [];

	constructor(app: AppState) {
		this.#app = app;
		this.#handle = app.hub.open('plan');
		this.#stop.push(this.#handle.onChange(() => this.#read()));
		this.#stop.push(
			onPresenceChange(this.#handle.awareness, () => (this.#peers = peers(this.#handle.awareness)))
		);
		void this.#handle.loaded.then(() => {
			this.#loaded = true;
			this.#read();
		});
	}

	get loaded(): boolean {
		return this.#loaded;
	}

	/** Newest first. */
	get versions(): PlanVersion[] {
		return this.#versions;
	}

	/** Who else has the plan open (their unsynced typing is what a restore may replace). */
	get peers(): PeerPresence[] {
		return this.#peers;
	}

	get canSave(): boolean {
		return canSavePlanVersion(this.#app.role) && this.#app.mayWrite('plan');
	}

	get canRestore(): boolean {
		return canRestorePlanVersion(this.#app.role) && this.#app.mayWrite('plan');
	}

	get canDelete(): boolean {
		return canDeletePlanVersion(this.#app.role) && this.#app.mayWrite('plan');
	}

	version(id: PlanTextRef): PlanVersion | undefined {
		return this.#versions.find((version) => version.id === id);
	}

	/** Saves the current text as `name`; throws the model's refusal (a name missing or too long …). */
	save(name: string): PlanVersion {
		return saveVersion(this.#handle.doc, name, this.#app.actor);
	}

	/** Restores a version; returns the automatic copy of the text as it was, if one was saved. */
	restore(id: string): PlanVersion | null {
		if (!this.canRestore) return null;
		return restoreVersion(this.#handle.doc, id, this.#app.actor);
	}

	delete(id: string): void {
		if (this.canDelete) deleteVersion(this.#handle.doc, id, this.#app.actor);
	}

	/** Whether the current text reads exactly as the version (restoring it would change nothing). */
	sameAsCurrent(id: string): boolean {
		void this.#changes;
		try {
			return sameAsVersion(this.#handle.doc, id);
		} catch {
			return false;
		}
	}

	/** `from` (older) against `to` (newer); the current text is read again as it changes. */
	compare(from: PlanTextRef, to: PlanTextRef): PlanComparison {
		if (from === CURRENT || to === CURRENT) void this.#changes;
		try {
			return { blocks: comparePlanBodies(this.#body(from), this.#body(to)), error: null };
		} catch (error) {
			return { blocks: null, error };
		}
	}

	/** Shows a version read-only in `element` (the editor's chunk, loaded on first use). */
	async show(element: HTMLElement, id: string, label: string): Promise<() => void> {
		const [{ showPlanText }] = await Promise.all([import('../editor/plan-viewer.ts'), this.#handle.loaded]);
		return showPlanText(element, planBody(loadVersion(this.#handle.doc, id)), label);
	}

	destroy(): void {
		for (const stop of this.#stop) stop();
		this.#app.hub.release('plan');
	}

	#body(ref: PlanTextRef) {
		return ref === CURRENT ? planBody(this.#handle.doc) : planBody(loadVersion(this.#handle.doc, ref));
	}

	#read(): void {
		this.#changes++;
		const next = listVersions(this.#handle.doc);
		const same =
			next.length === this.#versions.length &&
			next.every((version, i) => {
				const old = this.#versions[i];
				return old?.id === version.id && old.name === version.name && old.size === version.size;
			});
		if (!same) this.#versions = next;
	}
}
