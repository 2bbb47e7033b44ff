import {
	PlanFileError,
	planFileKind,
	planTextFromFile,
	type PlanFileErrorCode
} from '../import/plan-file.ts';
import { importPlan, importVersionName, planBodyHasText } from '../model/plan-body.ts';
import { parsePlan, planBlocks, type OutlineEntry } from '../model/plan-import.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/** A file larger than this is refused before it is read (a plan is tens of kB; pictures make it big). */
export const PLAN_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** Text longer than this is no plan (the example has about 4,000 characters). */
export const PLAN_TEXT_MAX_CHARS = 200_000;

export type PlanImportProblem = PlanFileErrorCode | 'too_big' | 'too_long' | 'failed';

export interface PlanPreview {
	title: string;
	outline: OutlineEntry[];
	/** Blocks the body will hold. */
	blocks: number;
}

/**
 * 导入方案 on the page: text pasted or read from a .txt/.docx file, its outline previewed, then
 * written into the `plan` document (model `importPlan`): a plan with text is saved as a version
 * first, so nothing is lost. Opens the plan through the hub (shared with the screen's own handle).
 */
export class PlanImportState {
	#app: AppState;
	#handle: DocHandle;
	#text = $state('');
	#fileName = $state('');
	#reading = $state(false);
	#problem = $state<PlanImportProblem | null>(null);
	#hasText = $state(false);
	#stop: () => void;
	/** Each read gets a number, so a slow .docx read never overwrites a later paste. */
	#readNo = 0;

	constructor(app: AppState) {
		this.#app = app;
		this.#handle = app.hub.open('plan');
		const refresh = () => (this.#hasText = planBodyHasText(this.#handle.doc));
		this.#stop = this.#handle.onChange(refresh);
		void this.#handle.loaded.then(refresh);
	}

	get mayImport(): boolean {
		return this.#app.mayWrite('plan');
	}

	get text(): string {
		return this.#text;
	}

	/** Text typed or pasted into the box (replacing a file's). */
	set text(value: string) {
		this.#readNo++;
		this.#text = value;
		this.#fileName = '';
		this.#reading = false;
		this.#problem = value.length > PLAN_TEXT_MAX_CHARS ? 'too_long' : null;
	}

	get fileName(): string {
		return this.#fileName;
	}

	get reading(): boolean {
		return this.#reading;
	}

	get problem(): PlanImportProblem | null {
		return this.#problem;
	}

	/** The plan has text: importing replaces it (after saving it as a version). */
	get replaces(): boolean {
		return this.#hasText;
	}

	/** The name of the version saved before replacing, as it will read. */
	get versionName(): string {
		return importVersionName(Date.now());
	}

	/** What importing would write, or null when there is nothing to import. */
	get preview(): PlanPreview | null {
		return this.#preview;
	}

	#preview = $derived.by((): PlanPreview | null => {
		if (this.#problem !== null || this.#reading || this.#text.trim() === '') return null;
		const parsed = parsePlan(this.#text);
		return { title: parsed.title, outline: parsed.outline, blocks: planBlocks(parsed).length };
	});

	/** Reads a chosen file; refusals become `problem`, with what to do next. */
	async readFile(file: File): Promise<void> {
		const readNo = ++this.#readNo;
		this.#text = '';
		this.#fileName = file.name;
		this.#problem = null;
		try {
			planFileKind(file.name);
			if (file.size > PLAN_FILE_MAX_BYTES) throw new PlanImportError('too_big');
			this.#reading = true;
			const text = await planTextFromFile(file.name, new Uint8Array(await file.arrayBuffer()));
			if (readNo !== this.#readNo) return;
			if (text.length > PLAN_TEXT_MAX_CHARS) throw new PlanImportError('too_long');
			this.#text = text;
		} catch (error) {
			if (readNo !== this.#readNo) return;
			if (error instanceof PlanFileError || error instanceof PlanImportError) this.#problem = error.code;
			else {
				console.error(error);
				this.#problem = 'failed';
			}
		} finally {
			if (readNo === this.#readNo) this.#reading = false;
		}
	}

	/** Writes the previewed text into the plan; returns the saved version's name ('' when none). */
	import(): string | null {
		if (!this.mayImport || this.preview === null) return null;
		try {
			const saved = importPlan(this.#handle.doc, parsePlan(this.#text), this.#app.actor);
			this.reset();
			return saved?.name ?? '';
		} catch (error) {
			console.error(error);
			this.#problem = 'failed';
			return null;
		}
	}

	reset(): void {
		this.#readNo++;
		this.#text = '';
		this.#fileName = '';
		this.#reading = false;
		this.#problem = null;
	}

	destroy(): void {
		this.#stop();
		this.#app.hub.release('plan');
	}
}

class PlanImportError extends Error {
	constructor(readonly code: 'too_big' | 'too_long') {
		super(code);
	}
}
