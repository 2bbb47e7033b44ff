import { ModelError } from '../model/errors.ts';
import {
	allowedLifecycleMoves,
	reopenRound,
	roundLifecycle,
	signOffRound,
	signRound,
	submitRound,
	type LifecycleKind,
	type LifecycleMember,
	type RoundLifecycle
} from '../model/round-lifecycle.ts';
import { compactStrokes, type PadDrawing, type Signature } from '../model/signature.ts';
import type { DocHandle } from '../sync/index.ts';

/** Before the first read: an open round with nothing recorded. */
const NOTHING_YET: RoundLifecycle = {
	state: 'open',
	submitted: null,
	signatures: [],
	signedOff: null,
	reopened: null,
	team: null,
	required: [],
	missing: [],
	timeline: []
};

/**
 * A round's lifecycle on screen: its folded state, the moves this member may make now, and the
 * writes behind the buttons. Each write throws the model's ModelError, which the component shows
 * where it was asked (describeError).
 */
export class RoundLifecycleState {
	#handle: DocHandle;
	#member: () => LifecycleMember;
	#mayWrite: () => boolean;
	#view = $state.raw<RoundLifecycle>(NOTHING_YET);

	/**
	 * `member` is who acts (their role decides the moves); `mayWrite` is false where the device may
	 * only read this round (a viewer, a round a newer app wrote).
	 */
	constructor(handle: DocHandle, member: () => LifecycleMember, mayWrite: () => boolean) {
		this.#handle = handle;
		this.#member = member;
		this.#mayWrite = mayWrite;
		this.refresh();
	}

	get view(): RoundLifecycle {
		return this.#view;
	}

	get signedOff(): boolean {
		return this.#view.state === 'signed_off';
	}

	/** The moves to offer; none where this device may not write the round. */
	get moves(): LifecycleKind[] {
		return this.#mayWrite() ? allowedLifecycleMoves(this.#view, this.#member()) : [];
	}

	/** Whether this member has signed the current submission. */
	get signedByMe(): boolean {
		const me = this.#member().id;
		return this.#view.signatures.some((entry) => entry.by === me);
	}

	/** Re-reads the lifecycle after a change of the document. */
	refresh(): void {
		this.#view = roundLifecycle(this.#handle.doc);
	}

	submit(): void {
		submitRound(this.#handle.doc, this.#member());
	}

	/** Signs with what the pad drew (its strokes and size), or by name when `strokes` is null. */
	sign(drawing: PadDrawing | null): void {
		let signature: Signature = { confirmedByName: true };
		if (drawing !== null) {
			const drawn = compactStrokes(drawing.strokes, drawing.width, drawing.height);
			if (drawn === null)
				throw new ModelError('invalid_signature', 'nothing drawn, or too much', { field: 'signature' });
			signature = drawn;
		}
		signRound(this.#handle.doc, this.#member(), signature);
	}

	signOff(): void {
		signOffRound(this.#handle.doc, this.#member());
	}

	reopen(reason: string): void {
		reopenRound(this.#handle.doc, this.#member(), reason);
	}
}
