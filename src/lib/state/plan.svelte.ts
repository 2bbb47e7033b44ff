import { MediaQuery } from 'svelte/reactivity';
import { planBody } from '../model/plan.ts';
import { planBodyHasText } from '../model/plan-body.ts';
import {
	clearLocalPresence,
	onPresenceChange,
	peers,
	setLocalPresence,
	type ConnectionState,
	type DocHandle,
	type PeerPresence,
	type Presence
} from '../sync/index.ts';
import type { PlanEditor } from '../editor/plan-editor.ts';
import {
	NO_TOOLS,
	sameTools,
	type PlanTableAction,
	type PlanTool,
	type PlanTools
} from '../editor/plan-tools.ts';
import type { AppState } from './app.svelte.ts';
import { PlanMeetingState } from './plan-meeting.svelte.ts';

/** Why this device shows the plan read-only: an app too old for it, the role, or a phone. */
export type PlanReadOnly = 'newer' | 'role' | 'phone';

/** Editing is for desktops and tablets; narrower screens read (issue 12). */
export const PLAN_EDIT_MIN_WIDTH = 768;

/**
 * The plan screen: the `plan` document opened through the hub (IndexedDB copy first, then the
 * socket, so offline edits are kept and merge), who else is here, and the lazily loaded editor.
 */
export class PlanState {
	#app: AppState;
	#handle: DocHandle;
	#wide = new MediaQuery(`min-width: ${PLAN_EDIT_MIN_WIDTH}px`, true);
	#loaded = $state(false);
	#hasText = $state(false);
	#connection = $state<ConnectionState>('offline');
	#peers = $state.raw<PeerPresence[]>([]);
	#tools = $state.raw<PlanTools>(NO_TOOLS);
	#editorReady = $state(false);
	#editorFailed = $state(false);
	#editor: PlanEditor | null = null;
	#destroyed = false;
	#stop: (() => void)[] = [];
	/** Comment threads and decisions (the meeting aids). */
	readonly meeting: PlanMeetingState;

	constructor(app: AppState) {
		this.#app = app;
		this.#handle = app.hub.open('plan');
		this.meeting = new PlanMeetingState(app, this.#handle);
		this.#stop.push(() => this.meeting.destroy());
		this.#stop.push(this.#handle.onChange(() => (this.#hasText = planBodyHasText(this.#handle.doc))));
		const connection = () => (this.#connection = this.#handle.status.connection);
		connection();
		this.#stop.push(this.#handle.onStatus(connection));
		this.#stop.push(
			onPresenceChange(this.#handle.awareness, () => (this.#peers = peers(this.#handle.awareness)))
		);
		setLocalPresence(this.#handle.awareness, this.#presence());
		void this.#handle.loaded.then(() => {
			this.#loaded = true;
			this.#hasText = planBodyHasText(this.#handle.doc);
		});
	}

	/** The device's copy is loaded (the editor waits for it, so it never starts from nothing). */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Whether the plan holds any text; an empty plan shows how to fill it. */
	get hasText(): boolean {
		return this.#hasText;
	}

	/**
	 * Empty, and not yet synced with the server: the plan may simply not have reached this device,
	 * so the screen says so instead of calling it empty.
	 */
	get mayBeDownloading(): boolean {
		return !this.#hasText && this.#connection !== 'synced';
	}

	get peers(): PeerPresence[] {
		return this.#peers;
	}

	get tools(): PlanTools {
		return this.#tools;
	}

	/** The editor is on screen. */
	get editorReady(): boolean {
		return this.#editorReady;
	}

	/** The editor could not be loaded. */
	get editorFailed(): boolean {
		return this.#editorFailed;
	}

	/** The admin CLI's import command for this workspace, shown by the empty plan. */
	importCommand(file: string): string {
		return `npm run admin -- plan import --workspace ${this.#app.hub.workspace} ${file}`;
	}

	/** Null when this member may edit here; otherwise why not. */
	get readOnly(): PlanReadOnly | null {
		if (this.#app.workspace.isNewer('plan')) return 'newer';
		if (!this.#app.canWrite('plan')) return 'role';
		if (!this.#wide.current) return 'phone';
		return null;
	}

	/** Whether this member may write the plan at all (phones included): they fill an empty plan. */
	get canWrite(): boolean {
		return this.#app.mayWrite('plan');
	}

	/** Loads the editor into `element` once the device's copy is in. */
	async mount(element: HTMLElement, label: string): Promise<void> {
		try {
			const [{ PlanEditor }] = await Promise.all([import('../editor/plan-editor.ts'), this.#handle.loaded]);
			if (this.#destroyed) return;
			this.#editor = new PlanEditor({
				element,
				fragment: planBody(this.#handle.doc),
				awareness: this.#handle.awareness,
				user: this.#presence(),
				editable: this.readOnly === null,
				label,
				onTools: (tools) => {
					if (!sameTools(tools, this.#tools)) this.#tools = tools;
				},
				onThreadClick: (id) => this.meeting.select(id, false)
			});
			this.meeting.attach(this.#editor);
			this.#editorReady = true;
		} catch (error) {
			// A chunk that did not load (an app updated on the server while this one is offline):
			// the screen says what to do; the cause is for developers.
			console.error(error);
			this.#editorFailed = true;
		}
	}

	/** Follows `readOnly` (the width, the role); call from an effect. */
	syncEditable(): void {
		const editable = this.readOnly === null;
		if (this.#editorReady) this.#editor?.setEditable(editable);
	}

	apply(tool: PlanTool): void {
		if (this.readOnly === null) this.#editor?.apply(tool);
	}

	tableAction(action: PlanTableAction): void {
		if (this.readOnly === null) this.#editor?.tableAction(action);
	}

	destroy(): void {
		this.#destroyed = true;
		for (const stop of this.#stop) stop();
		this.#editor?.destroy();
		this.#editor = null;
		clearLocalPresence(this.#handle.awareness);
		this.#app.hub.release('plan');
	}

	#presence(): Presence {
		const actor = this.#app.actor;
		return {
			memberId: actor.id,
			name: actor.name,
			role: this.#app.role,
			color: this.#app.color,
			focus: null
		};
	}
}
