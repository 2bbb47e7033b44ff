import { inspectionDocument } from '../model/documents.ts';
import {
	addItemPhoto,
	answerItem,
	readRound,
	removeItemPhoto,
	setItemNote,
	type AnswerEntry,
	type AnswerValue,
	type NoteResult,
	type ReadProblem,
	type RoundView
} from '../model/inspection.ts';
import { getRoundSummary } from '../model/meta.ts';
import { deviceKindOf, mayRemovePhoto, type PhotoRef } from '../model/photos.ts';
import { ensureRound } from '../model/rounds.ts';
import {
	areaOfItem,
	areasOf,
	mayEditTeam,
	roundTeam,
	setRoundTeam,
	type TeamInput,
	type TeamMember
} from '../model/round-team.ts';
import {
	CloseCode,
	clearLocalPresence,
	onPresenceChange,
	peers,
	setLocalPresence,
	type ConnectionState,
	type DocHandle,
	type PeerPresence
} from '../sync/index.ts';
import { readRoundStats, roundStats } from '../model/derived.ts';
import type { LifecycleState } from '../model/round-lifecycle.ts';
import type { AppState } from './app.svelte.ts';
import { localRoundStats } from './local-round-stats.ts';
import { roundAbsence, type RoundAbsence } from './round-absence.ts';
import { RoundLifecycleState } from './round-lifecycle.svelte.ts';
import { RoundHazardsState } from './round-hazards.svelte.ts';

/** One inspection round's checklist, live: answers, notes, progress and who else is here. */
export class RoundState {
	readonly id: string;
	/** Submit, sign, sign off, re-open (round-lifecycle.svelte.ts). */
	readonly lifecycle: RoundLifecycleState;
	/** Failed items' hazards: links, their live state, 登记隐患 and 关联已有隐患 (round-hazards.svelte.ts). */
	readonly hazards: RoundHazardsState;
	#app: AppState;
	#handle: DocHandle;
	#meta: DocHandle;
	#view = $state<RoundView | null>(null);
	#team = $state.raw<TeamMember[]>([]);
	#loaded = $state(false);
	#peers = $state<PeerPresence[]>([]);
	#connections = $state<{ round: ConnectionState; meta: ConnectionState }>({
		round: 'offline',
		meta: 'offline'
	});
	#listed = $state(false);
	/** The close code by which the server refused this round's changes for good, if it did. */
	#refusal = $state<number | null>(null);
	/** The round's lifecycle in `meta`'s summary when the server refused (see `#ensure`). */
	#refusedWhile: LifecycleState | undefined;
	#focus: string | null = null;
	#stop: (() => void)[] = [];

	constructor(app: AppState, id: string) {
		this.id = id;
		this.#app = app;
		this.#handle = app.hub.open(inspectionDocument(id));
		this.#meta = app.hub.open('meta');
		this.lifecycle = new RoundLifecycleState(
			this.#handle,
			() => ({ ...app.actor, role: app.role }),
			() => this.canWrite
		);
		this.hazards = new RoundHazardsState(app, this.#handle, () => this.editable);
		this.#stop.push(this.#handle.onChange(() => this.#refresh()));
		this.#stop.push(
			this.#handle.onClosed((close) => {
				this.#refusal = close.code;
				this.#refusedWhile = readRoundStats(this.#meta.doc, this.id)?.lifecycle;
			})
		);
		this.#stop.push(this.#meta.onChange(() => this.#ensure()));
		const connections = () =>
			(this.#connections = {
				round: this.#handle.status.connection,
				meta: this.#meta.status.connection
			});
		connections();
		this.#stop.push(this.#handle.onStatus(connections), this.#meta.onStatus(connections));
		this.#stop.push(
			onPresenceChange(this.#handle.awareness, () => (this.#peers = peers(this.#handle.awareness)))
		);
		this.#announce();
		this.#refresh();
		void Promise.all([this.#handle.loaded, this.#meta.loaded]).then(() => {
			this.#loaded = true;
			this.#ensure();
			this.#refresh();
		});
	}

	get view(): RoundView | null {
		return this.#view;
	}

	get loaded(): boolean {
		return this.#loaded;
	}

	/** Null while there is a checklist; otherwise why not, so the page says what to do next. */
	get absence(): RoundAbsence | null {
		if (this.#view !== null) return null;
		return roundAbsence({ loaded: this.#loaded, ...this.#connections, listed: this.#listed });
	}

	/** Parts of the round skipped because of their shape, for a small notice; the rest shows. */
	get problems(): ReadProblem[] {
		return this.#view?.problems ?? [];
	}

	/** The round's team and each member's areas (round-team.ts). */
	get team(): TeamMember[] {
		return this.#team;
	}

	/** The areas assigned to this member: shown first, marked 我的区域. */
	get myAreas(): string[] {
		return areasOf(this.#team, this.#app.actor.id);
	}

	/** The office picks the team and assigns areas. */
	get canEditTeam(): boolean {
		return this.canWrite && mayEditTeam(this.#app.role);
	}

	/** Makes the team exactly `members` (throws a ModelError the dialog shows). */
	setTeam(members: readonly TeamInput[]): void {
		setRoundTeam(this.#handle.doc, members, this.#app.actor);
	}

	/** The title of the area holding `itemId` (what presence shows as where someone is). */
	areaTitleOf(itemId: string | null): string | null {
		if (itemId === null || this.#view === null) return null;
		return areaOfItem(this.#view, itemId)?.title ?? null;
	}

	/** Everyone else who has this round open right now. */
	get peers(): PeerPresence[] {
		return this.#peers;
	}

	/** The newest answer in the round, from the document itself (so it shows offline too). */
	get lastChange(): AnswerEntry | null {
		let last: AnswerEntry | null = null;
		for (const area of this.#view?.areas ?? []) {
			for (const item of area.items) {
				for (const entry of item.history) if (!last || entry.at > last.at) last = entry;
			}
		}
		return last;
	}

	/**
	 * False for roles that may only read rounds (e.g. viewers), and for a round a newer app wrote:
	 * the UI shows it read-only.
	 */
	get canWrite(): boolean {
		return this.#app.mayWrite(inspectionDocument(this.id));
	}

	/** Whether answers, notes and photos may change: the member may write, and it is not signed off. */
	get editable(): boolean {
		return this.canWrite && !this.lifecycle.signedOff;
	}

	/** The close code by which the server refused this device's changes to the round, or null. */
	get refusal(): number | null {
		return this.#refusal;
	}

	/** A newer app wrote this round: it opens read-only and asks for an update. */
	get newerSchema(): boolean {
		return this.#app.workspace.isNewer(inspectionDocument(this.id));
	}

	answer(itemId: string, value: AnswerValue | null): void {
		answerItem(this.#handle.doc, itemId, value, this.#app.actor);
	}

	/** `too_long`: nothing was stored; the field keeps the text and asks the person to shorten it. */
	setNote(itemId: string, text: string): NoteResult {
		return setItemNote(this.#handle.doc, itemId, text, this.#app.actor);
	}

	/** Photos already stored on this device (PhotosState.add) join the item. */
	addPhotos(itemId: string, hashes: string[]): void {
		const device = deviceKindOf(navigator.userAgent);
		for (const hash of hashes) addItemPhoto(this.#handle.doc, itemId, hash, this.#app.actor, device);
	}

	/** Whether this member may take `photo` off an item: only its author may. */
	mayRemovePhoto(photo: PhotoRef): boolean {
		return this.editable && mayRemovePhoto(photo, this.#app.actor.id);
	}

	removePhoto(itemId: string, hash: string): void {
		removeItemPhoto(this.#handle.doc, itemId, hash, this.#app.actor);
	}

	/** Tells the others which item this device is working on (shown as a coloured dot). */
	focus(itemId: string | null): void {
		this.#focus = itemId;
		this.#announce();
	}

	destroy(): void {
		for (const stop of this.#stop) stop();
		this.hazards.destroy();
		clearLocalPresence(this.#handle.awareness);
		this.#app.hub.release(inspectionDocument(this.id));
		this.#app.hub.release('meta');
	}

	/**
	 * A round listed in the index but not yet on this device is built from its index entry, the
	 * same way its creator built it, so the two merge when the creator's copy arrives. Readers wait
	 * for the creator's copy instead: their writes would be refused.
	 */
	#ensure(): void {
		this.#listed = getRoundSummary(this.#meta.doc, this.id) !== null;
		// Refused because the round was signed off: once the office re-opens it (the server's
		// summary turns to open), reconnect, and what this device holds is sent again. Refused while
		// the summary already said open, it was for something a reconnect would not change.
		const lifecycle = readRoundStats(this.#meta.doc, this.id)?.lifecycle;
		if (this.#refusal === CloseCode.roundLocked && this.#refusedWhile !== 'open' && lifecycle === 'open') {
			this.#refusal = null;
			this.#app.hub.retry(inspectionDocument(this.id));
		}
		if (this.#loaded && this.#view === null && this.canWrite)
			ensureRound(this.#meta.doc, this.#handle.doc, this.id);
	}

	#announce(): void {
		const actor = this.#app.actor;
		setLocalPresence(this.#handle.awareness, {
			memberId: actor.id,
			name: actor.name,
			role: this.#app.role,
			color: this.#app.color,
			focus: this.#focus
		});
	}

	#refresh(): void {
		this.#view = readRound(this.#handle.doc);
		this.lifecycle.refresh();
		this.hazards.refresh();
		const team = roundTeam(this.#handle.doc);
		if (JSON.stringify(team) !== JSON.stringify(this.#team)) this.#team = team;
		// Lists show this device's own summary while its changes are not yet on the server.
		if (this.#view !== null)
			localRoundStats(this.#app.hub.workspace).set(
				this.id,
				roundStats(this.#view, this.lifecycle.view.state)
			);
	}
}
