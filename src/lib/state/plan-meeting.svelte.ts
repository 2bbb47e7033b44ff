import { canComment, canEditDecisions } from '../model/permissions.ts';
import {
	addThread,
	listThreads,
	watchMeeting,
	reopenThread,
	replyToThread,
	resolveThread,
	type CommentThread
} from '../model/plan-comments.ts';
import {
	addDecision,
	editDecision,
	listDecisions,
	setDecisionStatus,
	type Decision,
	type DecisionInput
} from '../model/plan-decisions.ts';
import type { DocHandle } from '../sync/index.ts';
import type { PlanEditor } from '../editor/plan-editor.ts';
import type { SelectedPassage } from '../editor/plan-comment-marks.ts';
import type { AppState } from './app.svelte.ts';

export type MeetingView = 'comments' | 'decisions';

/**
 * 方案's meeting aids: comment threads on passages and the decisions list, both in the plan
 * document (plan-comments.ts, plan-decisions.ts), live on every device. Threads are drawn in the
 * editor once it is attached; a thread picked here scrolls to its passage, a passage clicked there
 * picks its thread.
 */
export class PlanMeetingState {
	#app: AppState;
	#handle: DocHandle;
	#editor: PlanEditor | null = null;
	#threads = $state.raw<CommentThread[]>([]);
	#decisions = $state.raw<Decision[]>([]);
	#active = $state<string | null>(null);
	#gone = $state<string | null>(null);
	#stop: () => void;

	/** What the panel shows; the phone's sheet opens on it. */
	view = $state<MeetingView>('comments');
	/** The passage a new comment is being written on. */
	draft = $state.raw<SelectedPassage | null>(null);
	/** Text is selected in the plan (the 评论 button is offered). */
	hasSelection = $state(false);
	/** Bumped to ask the phone's sheet to open. */
	openRequest = $state(0);

	constructor(app: AppState, handle: DocHandle) {
		this.#app = app;
		this.#handle = handle;
		this.#stop = watchMeeting(handle.doc, () => this.#read());
		void handle.loaded.then(() => this.#read());
	}

	get threads(): CommentThread[] {
		return this.#threads;
	}

	get openThreads(): CommentThread[] {
		return this.#threads.filter((thread) => !thread.resolved);
	}

	get resolvedThreads(): CommentThread[] {
		return this.#threads.filter((thread) => thread.resolved);
	}

	get decisions(): Decision[] {
		return this.#decisions;
	}

	get openDecisions(): number {
		return this.#decisions.filter((decision) => decision.status === 'open').length;
	}

	/** The thread picked in the panel or in the text. */
	get active(): string | null {
		return this.#active;
	}

	/** The picked thread's passage is no longer in the text (deleted since). */
	get passageGone(): boolean {
		return this.#gone !== null && this.#gone === this.#active;
	}

	/** Phones and members who only read the text comment too; viewers and a too-old app do not. */
	get canComment(): boolean {
		return canComment(this.#app.role) && !this.#app.workspace.isNewer('plan');
	}

	get canEditDecisions(): boolean {
		return canEditDecisions(this.#app.role) && this.#app.mayWrite('plan');
	}

	/** Called by PlanState once the editor is on screen. */
	attach(editor: PlanEditor): void {
		this.#editor = editor;
		this.#draw();
	}

	/** Follows the page's selection (the read-only editor's too) to offer 评论. */
	selectionChanged(): void {
		this.hasSelection = (this.#editor?.selectedPassage() ?? null) !== null;
	}

	/** Begins a comment on the selected passage; false when nothing is selected. */
	startComment(): boolean {
		const passage = this.#editor?.selectedPassage() ?? null;
		if (passage === null) return false;
		this.draft = passage;
		this.view = 'comments';
		this.openRequest++;
		return true;
	}

	/** Posts the draft's comment (throws a ModelError the form shows). */
	comment(text: string): void {
		if (this.draft === null) return;
		addThread(this.#handle.doc, { ...this.draft, text }, this.#app.actor);
		this.draft = null;
	}

	reply(threadId: string, text: string): void {
		replyToThread(this.#handle.doc, threadId, text, this.#app.actor);
	}

	resolve(threadId: string): void {
		resolveThread(this.#handle.doc, threadId, this.#app.actor);
	}

	reopen(threadId: string): void {
		reopenThread(this.#handle.doc, threadId, this.#app.actor);
	}

	/** Picks a thread: its passage is marked and, when `scroll`, brought into view. */
	select(threadId: string, scroll = true): void {
		this.#active = threadId;
		this.view = 'comments';
		this.#draw();
		if (!scroll) {
			this.openRequest++;
			return;
		}
		const shown = this.#editor?.showThread(threadId) ?? false;
		this.#gone = shown ? null : threadId;
	}

	addDecision(input: DecisionInput): void {
		addDecision(this.#handle.doc, input, this.#app.actor);
	}

	editDecision(id: string, input: DecisionInput): void {
		editDecision(this.#handle.doc, id, input, this.#app.actor);
	}

	setDecisionDone(id: string, done: boolean): void {
		setDecisionStatus(this.#handle.doc, id, done ? 'done' : 'open', this.#app.actor);
	}

	destroy(): void {
		this.#stop();
		this.#editor = null;
	}

	#read(): void {
		this.#threads = listThreads(this.#handle.doc);
		this.#decisions = listDecisions(this.#handle.doc);
		this.#draw();
	}

	/** Open threads' passages, and the picked one even when resolved. */
	#draw(): void {
		const shown = this.#threads.flatMap(({ id, anchor, resolved }) =>
			anchor !== null && (!resolved || id === this.#active) ? [{ id, anchor }] : []
		);
		this.#editor?.setHighlights(shown, this.#active);
	}
}
