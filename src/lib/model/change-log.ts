import * as Y from 'yjs';
import type { DocumentKind } from './documents.ts';
import { getHazard } from './ledger.ts';
import type { HazardView } from './hazard-record.ts';
import { readItem, readRound, type ChecklistItemView } from './inspection.ts';
import { readLifecycleEntries } from './round-lifecycle.ts';
import { ITEMS } from './round-body.ts';
import { HAZARD_LINKS } from './round-hazard.ts';
import { TEAM } from './round-team.ts';
import { LIFECYCLE } from './round-lifecycle-fold.ts';
import { PLAN_FRAGMENT, listVersions } from './plan.ts';
import { MIGRATIONS_KEY } from './migrations.ts';
import { PHOTO_INFO } from './photos.ts';

/** Roots no person changes on purpose: schema version markers, photos' bookkeeping. */
const UNSAID = new Set([MIGRATIONS_KEY, PHOTO_INFO]);

/**
 * The change log (变更记录) read as sentences: what one stored update did to a document, as facts a
 * screen words in its reader's language ("黄春 将 3.2 灭火器材 标为 不合格"). The server derives
 * them from its stored updates (sync-server/history.ts), never from what a client claims: each
 * update is applied to a copy of the document as it stood before, and the records it touched are
 * read before and after with the model's own readers and compared.
 */
export type ChangeFact =
	| { code: 'round.created'; title: string }
	| { code: 'round.title'; title: string }
	| { code: 'round.answer'; item: string; value: 'pass' | 'fail' | 'na' | 'clear' }
	| { code: 'round.note'; item: string }
	| { code: 'round.photos'; item: string; added: number; removed: number }
	| { code: 'round.lifecycle'; kind: 'submit' | 'sign' | 'signoff' | 'reopen' }
	| { code: 'round.team' }
	| { code: 'round.hazardLink'; n: number }
	| { code: 'hazard.registered'; number: string; place: string; level: string }
	| { code: 'hazard.move'; number: string; move: string; mark: string }
	| { code: 'hazard.level'; number: string; from: string; to: string }
	| { code: 'hazard.edit'; number: string; fields: string[] }
	| { code: 'hazard.report'; number: string }
	| { code: 'hazard.photos'; number: string; added: number; removed: number }
	| { code: 'hazard.link'; number: string }
	| { code: 'plan.edit'; added: number; removed: number }
	| { code: 'plan.version'; name: string }
	| { code: 'changed'; parts: string[] };

/** Reads a document before and after one update and says what changed. */
export interface ChangeDescriber {
	/**
	 * `before` and `after` are the document before and after the update; `touched` maps each root
	 * the update changed to the keys of its entries it changed (`null` for a change to the root
	 * itself that has no key, e.g. text).
	 */
	describe(
		before: Y.Doc,
		after: Y.Doc,
		touched: ReadonlyMap<string, ReadonlySet<string | null>>
	): ChangeFact[];
}

/** A shared type as a transaction names it. */
type SharedType = Parameters<Y.Transaction['changed']['get']>[0];

/** The roots and top-level keys one transaction changed, from its changed types. */
export function touchedRecords(transaction: Y.Transaction): Map<string, Set<string | null>> {
	const names = new Map<SharedType, string>();
	transaction.doc.share.forEach((type, name) => names.set(type, name));
	const out = new Map<string, Set<string | null>>();
	const add = (root: string, key: string | null) => {
		const keys = out.get(root) ?? new Set<string | null>();
		keys.add(key);
		out.set(root, keys);
	};
	transaction.changed.forEach((keys, type) => {
		let child: SharedType = type;
		let key: string | null = null;
		// Climb to the root, remembering the key under which the path leaves it.
		while (child._item !== null) {
			const parent = child._item.parent;
			if (!(parent instanceof Y.AbstractType)) return;
			key = child._item.parentSub;
			child = parent as SharedType;
		}
		const root = names.get(child);
		if (root === undefined) return;
		if (child === type) {
			if (keys.size === 0) add(root, null);
			keys.forEach((k) => add(root, k));
		} else add(root, key);
	});
	return out;
}

export function changeDescriber(kind: DocumentKind): ChangeDescriber {
	switch (kind) {
		case 'inspection':
			return roundDescriber();
		case 'ledger':
			return ledgerDescriber;
		case 'plan':
			return planDescriber;
		default:
			return genericDescriber;
	}
}

const genericDescriber: ChangeDescriber = {
	describe: (_before, _after, touched) =>
		touched.size === 0 ? [] : [{ code: 'changed', parts: [...touched.keys()].sort() }]
};

// ——— rounds ———

function roundDescriber(): ChangeDescriber {
	/** Item id → "3.2 …", from the round's numbering; refreshed when an unknown item shows up. */
	let labels = new Map<string, string>();
	const label = (doc: Y.Doc, itemId: string): string => {
		if (!labels.has(itemId)) {
			labels = new Map();
			readRound(doc)?.areas.forEach((area, a) =>
				area.items.forEach((item, i) => labels.set(item.id, `${a + 1}.${i + 1} ${item.text}`))
			);
		}
		return labels.get(itemId) ?? itemId;
	};
	return {
		describe(before, after, touched) {
			const facts: ChangeFact[] = [];
			const rest = new Set<string>();
			for (const [root, keys] of touched) {
				if (root === 'round') {
					const was = readRound(before);
					const now = readRound(after);
					if (now !== null && was === null) facts.push({ code: 'round.created', title: now.title });
					else if (now !== null && was !== null && now.title !== was.title)
						facts.push({ code: 'round.title', title: now.title });
				} else if (root === ITEMS) {
					for (const key of keys) {
						if (key === null) continue;
						const was = readItem(before, key);
						const now = readItem(after, key);
						if (now !== null && was !== null) facts.push(...itemFacts(was, now, label(after, key)));
					}
				} else if (root === LIFECYCLE) {
					const seen = new Set(readLifecycleEntries(before).map((entry) => entry.id));
					for (const entry of readLifecycleEntries(after))
						if (!seen.has(entry.id)) facts.push({ code: 'round.lifecycle', kind: entry.kind });
				} else if (root === TEAM) facts.push({ code: 'round.team' });
				else if (root === HAZARD_LINKS) facts.push({ code: 'round.hazardLink', n: keys.size });
				else if (root !== 'areas' && !UNSAID.has(root)) rest.add(root);
			}
			if (rest.size > 0) facts.push({ code: 'changed', parts: [...rest].sort() });
			return facts;
		}
	};
}

function itemFacts(was: ChecklistItemView, now: ChecklistItemView, item: string): ChangeFact[] {
	const facts: ChangeFact[] = [];
	const seen = new Set(was.history.map((entry) => entry.id));
	for (const entry of now.history)
		if (!seen.has(entry.id)) facts.push({ code: 'round.answer', item, value: entry.value ?? 'clear' });
	if (now.note !== was.note) facts.push({ code: 'round.note', item });
	const { added, removed } = setDiff(
		was.photos.map((p) => p.hash),
		now.photos.map((p) => p.hash)
	);
	if (added + removed > 0) facts.push({ code: 'round.photos', item, added, removed });
	return facts;
}

// ——— the ledger ———

/** Fields of a hazard compared for `hazard.edit`, by their ledger names. */
const HAZARD_FIELDS = [
	'foundAt',
	'place',
	'description',
	'domain',
	'measures',
	'ownerDept',
	'ownerPerson',
	'deadline',
	'funds',
	'interimMeasures',
	'remarks'
] as const satisfies readonly (keyof HazardView)[];

const ledgerDescriber: ChangeDescriber = {
	describe(before, after, touched) {
		const facts: ChangeFact[] = [];
		for (const key of touched.get('hazards') ?? []) {
			if (key === null) continue;
			const now = getHazard(after, key);
			if (now === null) continue;
			const was = getHazard(before, key);
			if (was === null) {
				facts.push({ code: 'hazard.registered', number: now.number, place: now.place, level: now.level });
				continue;
			}
			facts.push(...hazardFacts(was, now));
		}
		return facts;
	}
};

function hazardFacts(was: HazardView, now: HazardView): ChangeFact[] {
	const facts: ChangeFact[] = [];
	const number = now.number;
	const seen = new Set(was.timeline.map((entry) => entry.id));
	for (const entry of now.timeline)
		if (!seen.has(entry.id))
			facts.push({
				code: 'hazard.move',
				number,
				move: entry.move ?? `${entry.from}→${entry.to}`,
				mark: entry.mark
			});
	if (now.level !== was.level) facts.push({ code: 'hazard.level', number, from: was.level, to: now.level });
	const fields = HAZARD_FIELDS.filter((field) => now[field] !== was[field]);
	if (fields.length > 0) facts.push({ code: 'hazard.edit', number, fields });
	if (now.report !== null && was.report === null) facts.push({ code: 'hazard.report', number });
	const { added, removed } = setDiff(was.photos, now.photos);
	if (added + removed > 0) facts.push({ code: 'hazard.photos', number, added, removed });
	if (now.links.length > was.links.length || (now.source !== null && was.source === null))
		facts.push({ code: 'hazard.link', number });
	return facts;
}

// ——— the plan ———

const planDescriber: ChangeDescriber = {
	describe(before, after, touched) {
		const facts: ChangeFact[] = [];
		const rest = new Set<string>();
		for (const [root] of touched) {
			if (root === PLAN_FRAGMENT) {
				const was = plainText(before.getXmlFragment(PLAN_FRAGMENT));
				const now = plainText(after.getXmlFragment(PLAN_FRAGMENT));
				const { added, removed } = textDiff(was, now);
				if (added + removed > 0) facts.push({ code: 'plan.edit', added, removed });
			} else if (root === 'versions') {
				const seen = new Set(listVersions(before).map((version) => version.id));
				for (const version of listVersions(after))
					if (!seen.has(version.id)) facts.push({ code: 'plan.version', name: version.name });
			} else if (!UNSAID.has(root)) rest.add(root);
		}
		if (rest.size > 0) facts.push({ code: 'changed', parts: [...rest].sort() });
		return facts;
	}
};

function plainText(node: Y.XmlFragment | Y.XmlElement): string {
	let out = '';
	node.forEach((child) => {
		if (child instanceof Y.XmlText) out += child.toString().replace(/<[^>]*>/g, '');
		else if (child instanceof Y.XmlElement) out += plainText(child) + '\n';
	});
	return out;
}

/** Characters added and removed between two texts, past their common start and end. */
export function textDiff(was: string, now: string): { added: number; removed: number } {
	let start = 0;
	const max = Math.min(was.length, now.length);
	while (start < max && was[start] === now[start]) start++;
	let end = 0;
	while (end < max - start && was[was.length - 1 - end] === now[now.length - 1 - end]) end++;
	return { added: now.length - start - end, removed: was.length - start - end };
}

function setDiff(was: readonly string[], now: readonly string[]): { added: number; removed: number } {
	const before = new Set(was);
	const after = new Set(now);
	return {
		added: [...after].filter((x) => !before.has(x)).length,
		removed: [...before].filter((x) => !after.has(x)).length
	};
}
