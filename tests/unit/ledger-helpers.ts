import * as Y from 'yjs';
import { SEED_DOMAINS } from '../../src/lib/model/duty-seed.ts';
import { registerHazard, type MemberContext, type RegisterHazardInput } from '../../src/lib/model/ledger.ts';

/** Members of the ledger tests, one per role; the dept heads act for the departments named. */
export const office: MemberContext = { id: 'm-office', name: '周尹尹', role: 'office', deptIds: ['office'] };
export const generalAffairs: MemberContext = {
	id: 'm-ga',
	name: '王晓华',
	role: 'dept',
	deptIds: ['general-affairs']
};
export const security: MemberContext = { id: 'm-sec', name: '黄春', role: 'dept', deptIds: ['security'] };
export const inspector: MemberContext = { id: 'm-insp', name: '李明', role: 'inspector', deptIds: [] };
export const leader: MemberContext = { id: 'm-lead', name: '张校长', role: 'leader', deptIds: [] };
export const viewer: MemberContext = { id: 'm-view', name: '教育局', role: 'viewer', deptIds: [] };
export const MEMBERS = { office, generalAffairs, security, inspector, leader, viewer } as const;

/** The seed plan's domain owners (duty.ts). */
export const OWNERS: ReadonlyMap<string, readonly string[]> = new Map(
	SEED_DOMAINS.map((d) => [d.id, d.owners])
);

export const T0 = Date.UTC(2026, 10, 3, 2, 0, 0);
export const DAY = 24 * 60 * 60 * 1000;
export const basic: RegisterHazardInput = {
	place: '教学楼东侧消防通道',
	description: '通道堆放杂物，影响疏散'
};

/** A hazard of the food-hygiene domain (owners: general-affairs, security), found by the inspector. */
export function registered(
	doc = new Y.Doc(),
	extra: Partial<RegisterHazardInput> = {},
	by: MemberContext = inspector,
	space = 'B'
): { doc: Y.Doc; id: string } {
	const hazard = registerHazard(doc, { ...basic, domain: 'food-hygiene', ...extra }, by, space, T0);
	return { doc, id: hazard.id };
}
