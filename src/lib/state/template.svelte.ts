import {
	addDraftArea,
	addDraftItem,
	editDraftItem,
	ensureDraft,
	moveDraftArea,
	moveDraftItem,
	moveDraftItemToArea,
	readDraft,
	renameDraftArea,
	setDraftAreaRetired,
	setDraftItemRetired,
	type Direction,
	type TemplateDraft
} from '../model/template-draft.ts';
import { draftChanges, publishTemplate, type DraftChanges } from '../model/template-publish.ts';
import { latestTemplate, templateHistory } from '../model/template-store.ts';
import { SEED_TEMPLATE, type PublishedTemplate } from '../model/templates.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/**
 * The checklist template screen: the shared draft the office edits, the version in use, and the
 * version history, all from `meta`. Edits go straight into the draft (so they sync like any
 * change, also offline); what a refused edit threw is in `error`, for `describeError`.
 */
export class TemplateState {
	readonly templateId: string;
	#app: AppState;
	#meta: DocHandle;
	#draft = $state.raw<TemplateDraft | null>(null);
	#published = $state.raw<PublishedTemplate | null>(null);
	#history = $state.raw<PublishedTemplate[]>([]);
	#changes = $state.raw<DraftChanges | null>(null);
	#loaded = $state(false);
	#error = $state<unknown>(null);
	#stop: () => void;

	constructor(app: AppState, templateId: string = SEED_TEMPLATE.id) {
		this.templateId = templateId;
		this.#app = app;
		this.#meta = app.hub.open('meta');
		this.#stop = this.#meta.onChange(() => this.#refresh());
		this.#refresh();
		void this.#meta.loaded.then(() => {
			this.#loaded = true;
			if (this.canEdit) ensureDraft(this.#meta.doc, templateId, app.actor);
			this.#refresh();
		});
	}

	get loaded(): boolean {
		return this.#loaded;
	}

	/** The office and leaders edit; everyone else reads the version in use. */
	get canEdit(): boolean {
		return this.#app.mayWrite('meta');
	}

	get draft(): TemplateDraft | null {
		return this.#draft;
	}

	/** The version new rounds copy. */
	get published(): PublishedTemplate | null {
		return this.#published;
	}

	/** Every version, newest first. */
	get history(): PublishedTemplate[] {
		return this.#history;
	}

	get changes(): DraftChanges | null {
		return this.#changes;
	}

	/** What the last edit threw, or null. */
	get error(): unknown {
		return this.#error;
	}

	clearError(): void {
		this.#error = null;
	}

	addArea(title: string): boolean {
		return this.#run(() => addDraftArea(this.#doc, this.templateId, title, this.#actor));
	}

	renameArea(areaId: string, title: string): boolean {
		return this.#run(() => renameDraftArea(this.#doc, this.templateId, areaId, title, this.#actor));
	}

	moveArea(areaId: string, direction: Direction): boolean {
		return this.#run(() => moveDraftArea(this.#doc, this.templateId, areaId, direction, this.#actor));
	}

	retireArea(areaId: string, retired: boolean): boolean {
		return this.#run(() => setDraftAreaRetired(this.#doc, this.templateId, areaId, retired, this.#actor));
	}

	addItem(areaId: string, text: string): boolean {
		return this.#run(() => addDraftItem(this.#doc, this.templateId, areaId, text, this.#actor));
	}

	editItem(itemId: string, text: string): boolean {
		return this.#run(() => editDraftItem(this.#doc, this.templateId, itemId, text, this.#actor));
	}

	moveItem(itemId: string, direction: Direction): boolean {
		return this.#run(() => moveDraftItem(this.#doc, this.templateId, itemId, direction, this.#actor));
	}

	moveItemToArea(itemId: string, areaId: string): boolean {
		return this.#run(() => moveDraftItemToArea(this.#doc, this.templateId, itemId, areaId, this.#actor));
	}

	retireItem(itemId: string, retired: boolean): boolean {
		return this.#run(() => setDraftItemRetired(this.#doc, this.templateId, itemId, retired, this.#actor));
	}

	/** Publishes the draft as the next version; null when refused (see `error`). */
	publish(): PublishedTemplate | null {
		let published: PublishedTemplate | null = null;
		this.#run(() => (published = publishTemplate(this.#doc, this.templateId, this.#actor)));
		return published;
	}

	destroy(): void {
		this.#stop();
		this.#app.hub.release('meta');
	}

	get #doc() {
		return this.#meta.doc;
	}

	get #actor() {
		return this.#app.actor;
	}

	#run(fn: () => unknown): boolean {
		try {
			fn();
			this.#error = null;
			return true;
		} catch (error) {
			this.#error = error;
			return false;
		}
	}

	#refresh(): void {
		const doc = this.#meta.doc;
		this.#draft = readDraft(doc, this.templateId);
		this.#published = latestTemplate(doc, this.templateId);
		this.#history = templateHistory(doc, this.templateId);
		this.#changes = draftChanges(doc, this.templateId);
	}
}
