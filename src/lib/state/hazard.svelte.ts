import {
	addHazardPhoto,
	allowedMoves,
	editableFields,
	getHazard,
	moveHazard,
	removeHazardPhoto,
	reportHazard,
	responsibleDepts,
	setHazardText,
	updateHazard,
	type HazardField,
	type HazardMove,
	type HazardPatch,
	type HazardView,
	type MemberContext,
	type MoveInput,
	type TransitionEntry
} from '../model/ledger.ts';
import type { HazardTextField } from '../model/hazard-input.ts';
import { isOverdue, reportStatus, type ReportStatus } from '../model/hazard-status.ts';
import { watchHazard } from '../model/hazard-watch.ts';
import { deviceKindOf, mayRemovePhoto, readPhotoInfo, type PhotoRef } from '../model/photos.ts';
import {
	clearLocalPresence,
	onPresenceChange,
	peers,
	setLocalPresence,
	type ConnectionState,
	type DocHandle,
	type PeerPresence
} from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';
import { DutyContext } from './duty-context.svelte.ts';
import { hazardAbsence, type HazardAbsence } from './hazard-absence.ts';
import { overdueDays } from './hazard-time.ts';

/** The clock for countdowns and overdue days: a minute's precision is what the page shows. */
const TICK_MS = 30_000;

/**
 * Who the entry waits for when this member may make no move: the page says so instead of showing
 * no buttons. `depts` are the responsible departments' names (none: the office must name one).
 */
export type HazardWait =
	{ kind: 'rectify'; depts: string[] } | { kind: 'reinspect' } | { kind: 'close' } | { kind: 'done' };

/**
 * One hazard's page, live: its view, what this member may do to it (moves and fields, from the
 * model's rules and the duty board's departments), the writes, who else has it open, and why it is
 * absent. Reads that one record alone, again only when a transaction touched it (watchHazard), so a
 * 10,000-entry ledger costs this page one record per change, never a fold of the whole ledger.
 */
export class HazardState {
	readonly id: string;
	readonly duty: DutyContext;
	#app: AppState;
	#handle: DocHandle;
	#view = $state.raw<HazardView | null>(null);
	/** Who added each photo on the page (finding and moves), by hash. */
	#authors = $state.raw<Readonly<Record<string, PhotoRef>>>({});
	#loaded = $state(false);
	#connection = $state<ConnectionState>('offline');
	#peers = $state.raw<PeerPresence[]>([]);
	#now = $state(Date.now());
	#field: string | null = null;
	#stop: (() => void)[] = [];
	// Derived once per change of the entry, the duty board or the role, however often the page asks.
	#owners = $derived.by(() => this.duty.owners);
	#moves = $derived.by(() => {
		const view = this.#view;
		return view && this.canWrite ? allowedMoves(view, this.member, this.#owners) : [];
	});
	#editable = $derived.by(() => {
		const view = this.#view;
		return view && this.canWrite ? editableFields(view, this.member, this.#owners) : [];
	});

	constructor(app: AppState, id: string) {
		this.id = id;
		this.#app = app;
		this.duty = new DutyContext(app);
		this.#handle = app.hub.open('ledger');
		this.#stop.push(
			watchHazard(this.#handle.doc, id, (change) => {
				if (change.record) this.#read();
				else if (change.photoInfo.some((hash) => hash in this.#authors)) this.#readAuthors();
			})
		);
		const status = () => (this.#connection = this.#handle.status.connection);
		status();
		this.#stop.push(this.#handle.onStatus(status));
		this.#stop.push(
			onPresenceChange(this.#handle.awareness, () => (this.#peers = peers(this.#handle.awareness)))
		);
		const timer = setInterval(() => (this.#now = Date.now()), TICK_MS);
		this.#stop.push(() => clearInterval(timer));
		this.#announce();
		this.#read();
		void this.#handle.loaded.then(() => {
			this.#loaded = true;
			this.#read();
			// Again after the page that was open before has left the ledger's presence.
			this.#announce();
		});
	}

	get view(): HazardView | null {
		return this.#view;
	}

	/** Null while there is an entry; otherwise why not, so the page says what to do next. */
	get absence(): HazardAbsence | null {
		return this.#view === null ? hazardAbsence(this.#loaded, this.#connection) : null;
	}

	/** This member as the ledger's rules see them. */
	get member(): MemberContext {
		return this.duty.member;
	}

	/** False for roles that only read the ledger, and for a ledger a newer app wrote. */
	get canWrite(): boolean {
		return this.#app.mayWrite('ledger');
	}

	/** A newer app wrote the ledger: it opens read-only and asks for an update. */
	get newerSchema(): boolean {
		return this.#app.workspace.isNewer('ledger');
	}

	/** The moves this member may make now: the only buttons the page shows. */
	get allowedMoves(): HazardMove[] {
		return this.#moves;
	}

	/** The fields this member may change now. */
	get editable(): readonly HazardField[] {
		return this.#editable;
	}

	/** Whether this member may change `field` now. */
	may(field: HazardField): boolean {
		return this.#editable.includes(field);
	}

	/** Who the entry waits for, when this member has no move to make. */
	get waiting(): HazardWait | null {
		const view = this.#view;
		if (view === null || this.allowedMoves.length > 0) return null;
		switch (view.state) {
			case 'registered':
			case 'rectifying':
				return {
					kind: 'rectify',
					depts: responsibleDepts(view, this.#owners)
						.map((dept) => this.duty.departmentName(dept))
						.filter((name) => name !== '')
				};
			case 'awaiting_reinspection':
				return { kind: 'reinspect' };
			case 'verified':
				return { kind: 'close' };
			case 'closed':
				return { kind: 'done' };
		}
	}

	/** Now, to the half minute: the countdown and overdue days follow it. */
	get now(): number {
		return this.#now;
	}

	get report(): ReportStatus | null {
		return this.#view ? reportStatus(this.#view, this.#now) : null;
	}

	/** Days past the deadline, or 0 when not overdue. */
	get overdueDays(): number {
		const view = this.#view;
		if (view === null || view.deadline === null || !isOverdue(view, this.#now)) return 0;
		return overdueDays(view.deadline, this.#now);
	}

	/** Photos by hash with who added them, when the document knows. */
	photoRefs(hashes: readonly string[]): PhotoRef[] {
		return hashes.map((hash) => this.#authors[hash] ?? { hash, info: null });
	}

	/** Whether this member may take a photo of the finding off: who may edit photos, and only their own. */
	mayRemovePhoto(photo: PhotoRef): boolean {
		return this.may('photos') && mayRemovePhoto(photo, this.#app.actor.id);
	}

	/** Everyone else with this entry open right now, and the field each is in, if any. */
	get peers(): PeerPresence[] {
		const prefix = `${this.id}/`;
		return this.#peers.filter((peer) => peer.focus === this.id || peer.focus?.startsWith(prefix));
	}

	/** The others editing `field` right now. */
	peersIn(field: string): PeerPresence[] {
		return this.#peers.filter((peer) => peer.focus === `${this.id}/${field}`);
	}

	/** Tells the others which field this device is in (null: just looking at the entry). */
	focus(field: string | null): void {
		if (this.#field === field) return;
		this.#field = field;
		this.#announce();
	}

	/** Makes a move; throws the model's refusal (`required`, `not_allowed` …) for the form to show. */
	move(move: HazardMove, input: MoveInput): TransitionEntry {
		return moveHazard(this.#handle.doc, this.id, move, this.member, this.#owners, {
			...input,
			device: deviceKindOf(navigator.userAgent)
		});
	}

	/** Changes plain fields; throws the model's refusal naming the field. */
	update(patch: HazardPatch): void {
		updateHazard(this.#handle.doc, this.id, patch, this.member, this.#owners);
	}

	/** Sets a co-edited text to what its field holds, writing only the changed middle. */
	setText(field: HazardTextField, text: string): void {
		setHazardText(this.#handle.doc, this.id, field, text, this.member, this.#owners);
	}

	/** Records the 重大 hazard's report to the education bureau (the office). */
	reportToBureau(input: { ref: string; at?: number }): void {
		reportHazard(this.#handle.doc, this.id, input, this.member, this.#owners);
	}

	/** Photos already stored on this device (PhotosState.add) join the finding. */
	addPhotos(hashes: string[]): void {
		const device = deviceKindOf(navigator.userAgent);
		for (const hash of hashes)
			addHazardPhoto(this.#handle.doc, this.id, hash, this.member, this.#owners, device);
	}

	removePhoto(hash: string): void {
		removeHazardPhoto(this.#handle.doc, this.id, hash, this.member, this.#owners);
	}

	/** A photo of a move's form: this member's, from this device, until the move is made. */
	ownPhoto(hash: string): PhotoRef {
		const actor = this.#app.actor;
		const device = deviceKindOf(navigator.userAgent);
		return { hash, info: { by: actor.id, byName: actor.name, device, at: this.#now } };
	}

	destroy(): void {
		for (const stop of this.#stop) stop();
		clearLocalPresence(this.#handle.awareness);
		this.#app.hub.release('ledger');
		this.duty.destroy();
	}

	#announce(): void {
		const actor = this.#app.actor;
		setLocalPresence(this.#handle.awareness, {
			memberId: actor.id,
			name: actor.name,
			role: this.#app.role,
			color: this.#app.color,
			focus: this.#field === null ? this.id : `${this.id}/${this.#field}`
		});
	}

	#read(): void {
		this.#view = getHazard(this.#handle.doc, this.id);
		this.#readAuthors();
	}

	#readAuthors(): void {
		const view = this.#view;
		const doc = this.#handle.doc;
		const hashes = view === null ? [] : [...view.photos, ...view.timeline.flatMap((entry) => entry.photos)];
		this.#authors = Object.fromEntries(
			hashes.map((hash) => [hash, { hash, info: readPhotoInfo(doc, hash) }])
		);
	}
}
