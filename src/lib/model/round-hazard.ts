import * as Y from 'yjs';
import { localOrigin, type Actor } from './origin.ts';
import { readRound, type ChecklistItemView, type RoundView } from './inspection.ts';
import { AREAS } from './round-body.ts';
import { requireNotSignedOff } from './round-lifecycle.ts';
import { registerHazard, getHazard, type HazardView, type RegisterHazardInput } from './ledger.ts';
import { LINK_PREFIX, readLink, recordOf, type HazardSource } from './hazard-record.ts';
import { PLACE_MAX, DESCRIPTION_MAX, checkSource } from './hazard-input.ts';
import type { MemberContext } from './hazard-rules.ts';
import { canWrite, type Role } from './permissions.ts';
import { ModelError } from './errors.ts';
import { isFiniteNumber, isString } from './read.ts';
import { nextAt } from './time.ts';
import * as v from './validate.ts';

/**
 * A failed checklist item and the hazards it leads to (登记隐患, 关联已有隐患). The link is kept on
 * both sides, each in its own document, so each side reads it without opening the other:
 *
 * - the round: a root map `hazardLinks`, key `<itemId>/<hazardId>`, one plain value per link
 *   `{ itemId, hazardId, number, kind, by, byName, at }`. A root map is never created twice, and a
 *   key per pair means two devices linking the same hazard write one key (the same link), while two
 *   devices registering a hazard for the same item offline write two keys: both hazards stay
 *   linked and the item shows both, so neither is lost and the office can close the duplicate.
 *   The number is copied so the item can name a hazard whose record has not reached this device.
 * - the ledger: a hazard registered from an item holds `source` (round, item, and copies of the
 *   round's title and the item's label) in its registered fields; an existing hazard linked later
 *   holds `link:<roundId>/<itemId>` → `{ roundId, itemId, roundTitle, itemLabel, by, byName, at }`
 *   on its own record (a key per item: concurrent links to different items all stay).
 *
 * Links are never removed. The server checks both sides with `checkRoundLink` and `checkLedgerLink`.
 */
export const HAZARD_LINKS = 'hazardLinks';

export const LINK_KINDS = ['registered', 'linked'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface ItemHazardLink {
	itemId: string;
	hazardId: string;
	/** The hazard's number when the link was made (numbers never change). */
	number: string;
	kind: LinkKind;
	by: string;
	byName: string;
	at: number;
}

/**
 * The safety domain (duty.ts) a hazard found in a seed template area belongs to, so the ledger
 * routes it to that domain's owner departments. Areas the office adds later have no domain: the
 * office sets it on the hazard. Keyed by the template's area id, which every round keeps.
 */
export const AREA_DOMAINS: Readonly<Record<string, string>> = {
	building: 'school-buildings',
	food: 'food-hygiene',
	// 学校内部安全管理: "水、电、气、消防及办公设施设备…"
	fire: 'internal-management',
	// 生命安全法制宣传教育: the traffic-safety education the commute items ask about.
	commute: 'life-safety-education'
};

export function linkKey(itemId: string, hazardId: string): string {
	return `${itemId}/${hazardId}`;
}

export function ledgerLinkKey(roundId: string, itemId: string): string {
	return `${LINK_PREFIX}${roundId}/${itemId}`;
}

export function parseItemHazardLink(raw: unknown): ItemHazardLink | null {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
	const r = raw as Record<string, unknown>;
	if (!isString(r.itemId) || !isString(r.hazardId) || !isString(r.number) || !isString(r.by)) return null;
	if (!LINK_KINDS.includes(r.kind as LinkKind) || !isFiniteNumber(r.at)) return null;
	return {
		itemId: r.itemId,
		hazardId: r.hazardId,
		number: r.number,
		kind: r.kind as LinkKind,
		by: r.by,
		byName: isString(r.byName) ? r.byName : '',
		at: r.at
	};
}

/** Every item's links, oldest first per item. Reads the links alone (a round has a few). */
export function readItemHazardLinks(doc: Y.Doc): Map<string, ItemHazardLink[]> {
	const out = new Map<string, ItemHazardLink[]>();
	if (!doc.share.has(HAZARD_LINKS)) return out;
	doc.getMap<unknown>(HAZARD_LINKS).forEach((raw, key) => {
		const link = parseItemHazardLink(raw);
		if (link === null || key !== linkKey(link.itemId, link.hazardId)) return;
		const list = out.get(link.itemId) ?? [];
		list.push(link);
		out.set(link.itemId, list);
	});
	for (const list of out.values()) list.sort((a, b) => a.at - b.at || (a.hazardId < b.hazardId ? -1 : 1));
	return out;
}

/** Whether an item shows a failure now: answered 不合格, or a 不合格 among answers that disagree. */
export function hasFailed(item: Pick<ChecklistItemView, 'answer' | 'conflict'>): boolean {
	return item.answer?.value === 'fail' || item.conflict.some((entry) => entry.value === 'fail');
}

/** When the item's current 不合格 was given (the latest one among disagreeing answers), or null. */
export function failedAt(item: Pick<ChecklistItemView, 'answer' | 'conflict'>): number | null {
	const fails = [item.answer, ...item.conflict].filter((entry) => entry?.value === 'fail');
	return fails.length === 0 ? null : Math.max(...fails.map((entry) => entry?.at ?? 0));
}

/**
 * Whether a role may register a hazard from an item or link one to it: it writes both the round
 * and the ledger (office, inspector, dept). Viewers and leaders see the links, no action.
 */
export function mayLinkHazards(role: Role): boolean {
	return canWrite(role, 'inspection') && canWrite(role, 'ledger');
}

/**
 * Throws unless `member` may register or link a hazard from `itemId` now: `not_allowed` (role),
 * `round_signed_off`, `unknown_record` (no such item), `item_not_failed`. Returns the round and item.
 */
export function checkItemForHazard(
	round: Y.Doc,
	itemId: string,
	member: MemberContext
): { view: RoundView; item: ChecklistItemView } {
	v.requireActor(member);
	if (!mayLinkHazards(member.role))
		throw new ModelError('not_allowed', `${member.role} may not register hazards from a round`, {
			record: 'hazard'
		});
	requireNotSignedOff(round);
	const view = readRound(round);
	const item = view?.areas.flatMap((area) => area.items).find((entry) => entry.id === itemId);
	if (view === null || item === undefined)
		throw new ModelError('unknown_record', `unknown checklist item: ${itemId}`, { record: 'checklistItem' });
	if (!hasFailed(item))
		throw new ModelError('item_not_failed', 'only an item answered 不合格 leads to a hazard', {
			record: 'checklistItem'
		});
	return { view, item };
}

/** The item's number as the checklist shows it ("3.2") and its question. */
export function itemLabel(view: RoundView, itemId: string): string {
	for (const [a, area] of view.areas.entries()) {
		const i = area.items.findIndex((item) => item.id === itemId);
		if (i >= 0) return `${a + 1}.${i + 1} ${area.items[i]?.text ?? ''}`;
	}
	return '';
}

/** Where a hazard from this item comes from: its round and item, with their names. */
export function itemSource(view: RoundView, itemId: string): HazardSource {
	return { roundId: view.id, itemId, roundTitle: view.title, itemLabel: itemLabel(view, itemId) };
}

/** What a hazard registered from `itemId` starts with; the register sheet shows it for editing. */
export interface ItemHazardDraft {
	place: string;
	description: string;
	domain: string;
	photos: string[];
}

/**
 * The draft for a failed item: the place is the area and the item, the description the item's
 * note (or its question when no note was written), the item's photos, and the domain its area maps
 * to (`AREA_DOMAINS`) when the duty board has that domain (`domains`, its ids).
 */
export function hazardDraftFromItem(
	round: Y.Doc,
	itemId: string,
	domains: readonly string[]
): ItemHazardDraft {
	const view = readRound(round);
	const area = view?.areas.find((entry) => entry.items.some((item) => item.id === itemId));
	const item = area?.items.find((entry) => entry.id === itemId);
	if (view === null || area === undefined || item === undefined)
		throw new ModelError('unknown_record', `unknown checklist item: ${itemId}`, { record: 'checklistItem' });
	const areaMap = round.getMap<unknown>(AREAS).get(area.id);
	const templateAreaId = areaMap instanceof Y.Map ? areaMap.get('templateAreaId') : undefined;
	const domain = typeof templateAreaId === 'string' ? (AREA_DOMAINS[templateAreaId] ?? '') : '';
	return {
		place: `${area.title} · ${itemLabel(view, itemId)}`.slice(0, PLACE_MAX),
		description: (item.note.trim() || item.text).slice(0, DESCRIPTION_MAX),
		domain: domains.includes(domain) ? domain : '',
		photos: item.photos.map((photo) => photo.hash)
	};
}

export interface RegisterFromItemOptions {
	/** The register sheet's edits of the draft (place, description, level, domain). */
	input?: Partial<Pick<RegisterHazardInput, 'place' | 'description' | 'level' | 'domain'>>;
	/** Default: now. */
	now?: number;
	/** See `RegisterOptions.lastIssued` (ledger.ts). */
	lastIssued?: number;
	/** Known duty domain ids (for the draft's domain). Default: the seed's, as in AREA_DOMAINS. */
	domains?: readonly string[];
}

/**
 * 登记隐患 on a failed item: registers a hazard in the ledger with what the item knows (place,
 * note, photos with their authors, domain, finder, time, source), then links it from the item.
 * Two transactions, one per document; both are checked before either is written.
 */
export function registerHazardFromItem(
	ledger: Y.Doc,
	round: Y.Doc,
	itemId: string,
	member: MemberContext,
	space: string,
	options: RegisterFromItemOptions = {}
): HazardView {
	const { view, item } = checkItemForHazard(round, itemId, member);
	const now = options.now ?? Date.now();
	const draft = hazardDraftFromItem(round, itemId, options.domains ?? Object.values(AREA_DOMAINS));
	const hazard = registerHazard(
		ledger,
		{
			...draft,
			...options.input,
			// Found when the item was answered 不合格, not when the entry was written.
			foundAt: failedAt(item) ?? now,
			source: itemSource(view, itemId)
		},
		member,
		space,
		now,
		{ lastIssued: options.lastIssued, photoAuthors: item.photos }
	);
	writeRoundLink(round, item, hazard, 'registered', member, now);
	return hazard;
}

/**
 * 关联已有隐患: links an existing hazard to a failed item, on both sides. Linking a hazard twice to
 * the same item does nothing; the hazard it was registered from counts as linked.
 */
export function linkHazardToItem(
	ledger: Y.Doc,
	round: Y.Doc,
	itemId: string,
	hazardId: string,
	member: MemberContext,
	now: number = Date.now()
): HazardView {
	const { view, item } = checkItemForHazard(round, itemId, member);
	const rec = recordOf(ledger, hazardId);
	const hazard = getHazard(ledger, hazardId);
	if (hazard === null)
		throw new ModelError('unknown_record', `unknown hazard: ${hazardId}`, { record: 'hazard' });
	v.requireTimestamp(now, 'time');
	const who: Actor = v.requireActor(member);
	const source = itemSource(view, itemId);
	const fromHere = hazard.source?.roundId === view.id && hazard.source.itemId === itemId;
	const key = ledgerLinkKey(view.id, itemId);
	if (!fromHere && !rec.has(key))
		ledger.transact(
			() => rec.set(key, { ...checkSource(source), by: who.id, byName: who.name, at: now }),
			localOrigin(who)
		);
	if (!round.getMap<unknown>(HAZARD_LINKS).has(linkKey(itemId, hazardId)))
		writeRoundLink(round, item, hazard, 'linked', member, now);
	return getHazard(ledger, hazardId) ?? hazard;
}

function writeRoundLink(
	round: Y.Doc,
	item: ChecklistItemView,
	hazard: HazardView,
	kind: LinkKind,
	member: Actor,
	now: number
): void {
	const who = v.requireActor(member);
	const links = round.getMap<unknown>(HAZARD_LINKS);
	const link: ItemHazardLink = {
		itemId: item.id,
		hazardId: hazard.id,
		number: hazard.number,
		kind,
		by: who.id,
		byName: who.name,
		// After every answer seen, so a reader can tell the link was made on what was seen.
		at: nextAt(now, item.history)
	};
	round.transact(() => links.set(linkKey(item.id, hazard.id), link), localOrigin(who));
}

/** The sender of an update, as the server knows it. */
export interface Sender {
	id: string;
	role: Role;
}

/**
 * The server's rule for a link set in a round (`hazardLinks`): a well-formed link at its own key,
 * made by its sender, whose role may link hazards, to an item of this round that was answered
 * 不合格 at some time (the history is append-only, so the rule gives the same answer whenever
 * the update arrives, even after someone answered the item again). Null when allowed, else why.
 */
export function checkRoundLink(round: Y.Doc, key: string, raw: unknown, sender: Sender): string | null {
	const link = parseItemHazardLink(raw);
	if (link === null || key !== linkKey(link.itemId, link.hazardId)) return 'malformed';
	if (link.by !== sender.id) return 'not_author';
	if (!mayLinkHazards(sender.role)) return 'not_allowed';
	const item = readRound(round)
		?.areas.flatMap((area) => area.items)
		.find((entry) => entry.id === link.itemId);
	if (item === undefined) return 'unknown_item';
	return item.history.some((entry) => entry.value === 'fail') ? null : 'item_not_failed';
}

/**
 * The server's rule for a hazard's item link or source set in the ledger: well-formed, made (or,
 * for a source, registered) by its sender, whose role may link hazards. Null when allowed.
 */
export function checkLedgerLink(key: string, raw: unknown, sender: Sender): string | null {
	if (!mayLinkHazards(sender.role)) return 'not_allowed';
	const link = readLink(raw);
	if (link === null || key !== ledgerLinkKey(link.roundId, link.itemId)) return 'malformed';
	return link.by.id === sender.id ? null : 'not_author';
}

/**
 * The server's rule for a hazard registered with a source (a failed item): registered by its
 * sender (`foundBy`), whose role may link hazards. `init` is the record's registered fields.
 */
export function checkLedgerSource(init: unknown, sender: Sender): string | null {
	if (typeof init !== 'object' || init === null) return null;
	const { source, foundBy } = init as Record<string, unknown>;
	if (source === undefined || source === null) return null;
	if (!mayLinkHazards(sender.role)) return 'not_allowed';
	const finder =
		typeof foundBy === 'object' && foundBy !== null ? (foundBy as { id?: unknown }).id : undefined;
	return finder === sender.id ? null : 'not_author';
}
