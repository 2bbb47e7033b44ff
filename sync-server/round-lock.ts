import type * as Y from 'yjs';
import { parseRoom } from '../src/lib/model/documents.ts';
import { MIGRATIONS_KEY } from '../src/lib/model/migrations.ts';
import { isRole } from '../src/lib/model/permissions.ts';
import {
	LIFECYCLE,
	isLifecycleAuthorised,
	lifecycleState,
	parseLifecycleEntry,
	readTeam,
	roundLifecycle
} from '../src/lib/model/round-lifecycle.ts';
import { TEAM } from '../src/lib/model/round-team.ts';
import { HAZARD_LINKS } from '../src/lib/model/round-hazard.ts';
import { violation, type Violation } from '../src/lib/model/rules/violation.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import { checkRoundRules } from './round-rules.ts';
import type { Connection } from './connection.ts';
import type { Refusal, Room, RoomHooks } from './room.ts';
import { Shadows } from './shadow.ts';

/**
 * Keeps a round's lifecycle (src/lib/model/round-lifecycle.ts) honest on the server, for every
 * client, ours of any version or another:
 *
 * - lifecycle entries are appended, never deleted or changed;
 * - an entry is recorded only by its author (`by` is the sender) and only where the model's rule
 *   lets the sender's role record that kind (`isLifecycleAuthorised`: the office signs off and
 *   re-opens; a team member submits and signs);
 * - a signed-off round changes only through a re-open: an update that changes anything of a
 *   signed-off round (but its schema version markers) is refused unless it brings a re-open by
 *   its sender, the office, that the fold applies. Such an update may carry more (an office device that re-opened offline and
 *   then corrected an answer sends both at once).
 *
 * Refusals close the sender's socket with `roundLocked` (4423), which clients do not retry: the
 * change stays on that device, and reaches the server after the office re-opens the round and the
 * device reconnects (a reload, or the round page noticing the re-open in `meta`).
 *
 * On the same shadow it checks the round's other rules by role (round-rules.ts, 4424): only the
 * office changes the team, and hazard links are made by their sender from a failed item.
 *
 * Like ShapeGuard, it tries each update on a shadow document (shadow.ts) and compares the fold
 * before and after. It must run after every other hook that can refuse (see Shadows).
 */
export class RoundLock implements RoomHooks {
	readonly #shadows = new Shadows((_room, doc) => {
		doc.getArray(LIFECYCLE);
		doc.getMap(TEAM);
		doc.getMap(HAZARD_LINKS);
	});

	beforeApply(room: Room, update: Uint8Array, from: Connection): Refusal | null {
		if (parseRoom(room.name)?.kind !== 'inspection') return null;
		const shadow = this.#shadows.get(room);
		const log = shadow.getArray<unknown>(LIFECYCLE);
		const markers = shadow.getMap<unknown>(MIGRATIONS_KEY);
		const before = log.toArray();
		const wasSignedOff = lifecycleState(shadow) === 'signed_off';
		const team = shadow.getMap<unknown>(TEAM);
		const links = shadow.getMap<unknown>(HAZARD_LINKS);
		const teamKeys = new Set<string>();
		const linkKeys = new Set<string>();
		let logChanged = false;
		let otherChanged = false;
		const watch = (transaction: Y.Transaction) => {
			for (const [type, keys] of transaction.changed) {
				if ((type as unknown) === team) keys.forEach((key) => key !== null && teamKeys.add(key));
				if ((type as unknown) === links) keys.forEach((key) => key !== null && linkKeys.add(key));
				if (type === log) logChanged = true;
				// Schema version markers (migrations.ts) change nothing a reader sees: an app that
				// migrates a signed-off round must not lose its socket for it.
				else if ((type as unknown) !== markers) otherChanged = true;
			}
		};
		if (!this.#shadows.try(room, update, watch)) return null;
		const ruled = teamKeys.size > 0 || linkKeys.size > 0;
		if (!logChanged && !(otherChanged && wasSignedOff) && !ruled) return null;
		const refusal =
			(logChanged || (otherChanged && wasSignedOff)
				? this.#check(shadow, before, log.toArray(), wasSignedOff, from)
				: null) ?? (ruled ? checkRoundRules(shadow, { teamKeys, linkKeys }, from) : null);
		if (refusal !== null) this.#shadows.drop(room);
		return refusal;
	}

	/** Another hook refused an update this shadow may have taken: rebuild it from the room. */
	onRefused(room: Room): void {
		this.#shadows.drop(room);
	}

	/** `before` and `after` are the log's stored values: an entry is the same object in both. */
	#check(
		shadow: Y.Doc,
		before: readonly unknown[],
		after: readonly unknown[],
		wasSignedOff: boolean,
		from: Connection
	): Refusal | null {
		const kept = new Set(after);
		if (before.some((raw) => !kept.has(raw)))
			return refuse(
				'lifecycle entries deleted',
				{ kind: 'deleted' },
				violation('history_deleted', { record: 'lifecycle' })
			);
		const old = new Set(before);
		const ids = new Set(before.map(entryId));
		const { memberId, memberName, role } = from.context;
		const team = readTeam(shadow);
		const reopens = new Set<string>();
		for (const raw of after) {
			if (old.has(raw)) continue;
			const entry = parseLifecycleEntry(raw);
			// An id used twice would let a copy pass for the entry it copies.
			const allowed =
				entry !== null &&
				!ids.has(entry.id) &&
				entry.by === memberId &&
				isRole(role) &&
				isLifecycleAuthorised(entry.kind, { id: memberId, name: memberName, role }, team);
			if (!allowed)
				return refuse(
					'lifecycle entry not allowed',
					{ kind: entry?.kind, by: entry?.by },
					violation('lifecycle_not_allowed', {
						record: 'lifecycle',
						move: entry?.kind,
						claimed: entry?.byName
					})
				);
			ids.add(entry.id);
			if (entry.kind === 'reopen') reopens.add(entry.id);
		}
		if (!wasSignedOff) return null;
		const reopened = roundLifecycle(shadow).timeline.some((e) => reopens.has(e.id) && e.mark === 'applied');
		return reopened ? null : refuse('round signed off', { kind: 'locked' });
	}
}

function refuse(reason: string, detail: Record<string, unknown>, broke?: Violation): Refusal {
	return { code: CloseCode.roundLocked, reason, detail, ...(broke && { violation: broke }) };
}

function entryId(raw: unknown): unknown {
	return typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
}
