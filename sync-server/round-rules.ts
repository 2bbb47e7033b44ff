import type * as Y from 'yjs';
import { isRole } from '../src/lib/model/permissions.ts';
import { mayEditTeam } from '../src/lib/model/round-team.ts';
import { HAZARD_LINKS, checkRoundLink } from '../src/lib/model/round-hazard.ts';
import { violation, type Violation } from '../src/lib/model/rules/violation.ts';
import { CloseCode } from '../src/lib/sync/wire.ts';
import type { Connection } from './connection.ts';
import type { Refusal } from './room.ts';

/** What an update changed of the round's team and hazard links (keys of each map). */
export interface RuledChanges {
	teamKeys: ReadonlySet<string>;
	linkKeys: ReadonlySet<string>;
}

/**
 * A round's rules by role, judged on the shadow after the update (RoundLock calls this), with the
 * model's own functions:
 *
 * - the team (round-team.ts) changes only by the office (`mayEditTeam`): an inspector's device
 *   that adds itself to a team, or moves its areas, is refused;
 * - hazard links (round-hazard.ts) are added, never deleted, each made by its sender from an item
 *   that was answered 不合格 (`checkRoundLink`).
 *
 * Refused with `notPermitted` (4424), not retried.
 */
export function checkRoundRules(shadow: Y.Doc, changes: RuledChanges, from: Connection): Refusal | null {
	const { memberId, role } = from.context;
	if (!isRole(role)) return refuse('unknown role', { role });
	if (changes.teamKeys.size > 0 && !mayEditTeam(role))
		return refuse(
			'team changed by a member who is not the office',
			{ role, members: [...changes.teamKeys] },
			violation('team_changed', { record: 'team' })
		);
	const links = shadow.getMap<unknown>(HAZARD_LINKS);
	for (const key of changes.linkKeys) {
		const raw = links.get(key);
		if (raw === undefined)
			return refuse('hazard link deleted', { key }, violation('record_deleted', { record: 'link' }));
		const problem = checkRoundLink(shadow, key, raw, { id: memberId, role });
		if (problem !== null)
			return refuse(
				'hazard link not allowed',
				{ key, problem },
				violation('link_not_allowed', { record: 'link' })
			);
	}
	return null;
}

function refuse(reason: string, detail: Record<string, unknown>, broke?: Violation): Refusal {
	return { code: CloseCode.notPermitted, reason, detail, ...(broke && { violation: broke }) };
}
