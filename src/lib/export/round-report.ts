import { HAZARD_STATES, type HazardState } from '../model/hazard-fold.ts';
import { STATE_LABELS } from '../model/hazard-export.ts';
import type { AnswerEntry, AnswerValue, RoundProgress, RoundView } from '../model/inspection.ts';
import { areaNumeral, itemNumber } from '../model/numerals.ts';
import type { PhotoRef } from '../model/photos.ts';
import type { LifecycleState, RoundLifecycle } from '../model/round-lifecycle.ts';
import type { TeamMember } from '../model/round-team.ts';
import { isDrawn, type Signature } from '../model/signature.ts';
import { chinaDate, chinaDateTime } from '../model/time.ts';

/**
 * A round's report (学校安全隐患排查登记表, the form the plan's 四（四） asks to fill in), built from
 * the round's read model: what the print view and the XLSX both show, so they always agree. Pure:
 * no Svelte, no DOM, no Yjs. Its words are the school's paper form, not interface text: like the
 * ledger's (ledger-print.ts), they do not follow the app's language.
 */
export const REPORT_TITLE = '学校安全隐患排查登记表';

/** The form's own words (labels of its header block, signatures, placeholders). */
export const REPORT_WORDS = {
	school: '学校名称',
	title: '检查名称',
	month: '检查月份',
	dates: '检查日期',
	team: '检查人员',
	teamFromAnswers: '检查人员（按检查记录）',
	summary: '检查结果汇总',
	hazards: '登记隐患',
	noHazards: '本轮未登记隐患',
	hazardUnsynced: '状态未同步',
	hazardUnknown: '隐患（未同步）',
	state: '状态',
	signatures: '签字',
	missing: '待签字',
	notSubmitted: '本轮检查尚未提交，暂无签字。',
	noSignatures: '尚无签字。',
	signedOff: '签字确认',
	areaInspectors: '负责',
	photoWaiting: '照片待上传',
	photoOffline: '照片未下载',
	photoUnavailable: '照片暂不可用',
	photoLoading: '照片载入中'
} as const;

/** A checked item's result as the form words it; 有分歧 when two answers disagree. */
export type ReportResult = AnswerValue | 'unchecked' | 'conflict';

export const RESULT_WORDS: Readonly<Record<ReportResult, string>> = {
	pass: '合格',
	fail: '不合格',
	na: '不适用',
	unchecked: '未检',
	conflict: '有分歧'
};

export const STATE_WORDS: Readonly<Record<LifecycleState, string>> = {
	open: '检查中',
	submitted: '已提交，待签字',
	signed_off: '已签字确认'
};

/** One answer as the report names it. */
export interface ReportAnswer {
	value: AnswerValue;
	byName: string;
	at: number;
}

export interface ReportItem {
	id: string;
	/** `1.2`, as on the checklist. */
	number: string;
	text: string;
	result: ReportResult;
	/** The current answer, or every side of a conflict (oldest first); [] when unchecked. */
	answers: ReportAnswer[];
	note: string;
	photos: PhotoRef[];
	/** The hazards registered from this item or linked to it, oldest link first. */
	hazards: ReportHazard[];
}

/** A hazard raised from an item, as the form names it. */
export interface ReportHazard {
	id: string;
	/** 隐患编号; the copy the round's link holds while the hazard is not on this device. */
	number: string;
	/** Its state in the ledger; null while the hazard's record has not reached this device. */
	state: HazardState | null;
}

/** A hazard linked from an item (round-hazard.ts), with its view when the ledger here has it. */
export interface ItemHazardInput {
	link: { hazardId: string; number: string };
	view: { number: string; state: HazardState } | null;
}

export interface ReportArea {
	id: string;
	/** （一）, as on the checklist. */
	numeral: string;
	title: string;
	/** The team members assigned to this area, by name. */
	inspectors: string[];
	items: ReportItem[];
}

/** Who inspects: the round's team, or (a round without one) whoever answered, in order. */
export interface ReportInspector {
	name: string;
	/** The titles of their areas, with numerals; [] when not assigned any. */
	areas: string[];
}

export interface ReportSignature {
	name: string;
	at: number;
	signature: Signature;
}

export interface ReportSummary extends RoundProgress {
	/** Items with no answer and no conflict. */
	unchecked: number;
}

/** The hazards raised from the round's items, each counted once however many items link it. */
export interface ReportHazardSummary {
	total: number;
	/** How many are in each state, for those on this device. */
	states: Readonly<Record<HazardState, number>>;
	/** Linked, but not yet on this device (no state known). */
	unsynced: number;
}

export interface RoundReport {
	school: string;
	title: string;
	/** `YYYY-MM` */
	month: string;
	/** 2026年11月 */
	monthLabel: string;
	/** The first and last day an answer was given (China time), or null when none was. */
	dates: { from: string; to: string } | null;
	/** False when the round names no team and `inspectors` lists who answered instead. */
	teamNamed: boolean;
	inspectors: ReportInspector[];
	areas: ReportArea[];
	summary: ReportSummary;
	hazards: ReportHazardSummary;
	state: LifecycleState;
	submitted: { name: string; at: number } | null;
	/** This submission's signatures, in order; [] while open. */
	signatures: ReportSignature[];
	/** Required signers who have not signed, by name. */
	missing: string[];
	signedOff: { name: string; at: number } | null;
}

export interface RoundReportInput {
	school: string;
	round: RoundView;
	team: readonly TeamMember[];
	lifecycle: RoundLifecycle;
	/**
	 * An item's hazards: the round's links with each hazard's view from the ledger (the round
	 * page's `RoundHazardsState.linked`, per-record lookups in the ledger's index).
	 */
	hazards: (itemId: string) => readonly ItemHazardInput[];
}

/** The report of one round, as it stands. */
export function buildRoundReport({ school, round, team, lifecycle, hazards }: RoundReportInput): RoundReport {
	const areas = round.areas.map((area, a): ReportArea => {
		const assigned = team.filter((member) => member.areas.includes(area.id)).map((member) => member.name);
		return {
			id: area.id,
			numeral: areaNumeral(a),
			title: area.title,
			inspectors: assigned,
			items: area.items.map((item, i) => ({
				id: item.id,
				number: itemNumber(a, i),
				text: item.text,
				...result(item.answer, item.conflict),
				note: item.note,
				photos: item.photos,
				hazards: hazards(item.id).map(({ link, view }): ReportHazard => ({
					id: link.hazardId,
					number: view?.number ?? link.number,
					state: view?.state ?? null
				}))
			}))
		};
	});
	const titles = new Map(areas.map((area) => [area.id, `${area.numeral}${area.title}`]));
	const inspectors: ReportInspector[] =
		team.length > 0
			? team.map((member) => ({
					name: member.name,
					areas: member.areas.flatMap((id) => titles.get(id) ?? [])
				}))
			: answerers(round).map((name) => ({ name, areas: [] }));
	const { progress } = round;
	const [year, month] = round.month.split('-').map(Number);
	return {
		school,
		title: round.title,
		month: round.month,
		monthLabel: year && month ? `${year}年${month}月` : round.month,
		dates: answerDates(round),
		teamNamed: team.length > 0,
		inspectors,
		areas,
		summary: { ...progress, unchecked: progress.total - progress.answered - progress.conflicts },
		hazards: hazardSummary(areas),
		state: lifecycle.state,
		submitted: lifecycle.submitted && { name: lifecycle.submitted.byName, at: lifecycle.submitted.at },
		signatures: lifecycle.signatures.flatMap((entry) =>
			entry.signature ? [{ name: entry.byName, at: entry.at, signature: entry.signature }] : []
		),
		missing: lifecycle.missing.map((signer) => signer.name),
		signedOff: lifecycle.signedOff && { name: lifecycle.signedOff.byName, at: lifecycle.signedOff.at }
	};
}

function result(
	answer: AnswerEntry | null,
	conflict: readonly AnswerEntry[]
): Pick<ReportItem, 'result' | 'answers'> {
	const plain = (entry: AnswerEntry): ReportAnswer[] =>
		entry.value === null ? [] : [{ value: entry.value, byName: entry.byName, at: entry.at }];
	if (conflict.length > 0) return { result: 'conflict', answers: conflict.flatMap(plain) };
	if (answer?.value) return { result: answer.value, answers: plain(answer) };
	return { result: 'unchecked', answers: [] };
}

function hazardSummary(areas: readonly ReportArea[]): ReportHazardSummary {
	const unique = new Map<string, ReportHazard>();
	for (const area of areas)
		for (const item of area.items) for (const hazard of item.hazards) unique.set(hazard.id, hazard);
	const states = Object.fromEntries(HAZARD_STATES.map((state) => [state, 0])) as Record<HazardState, number>;
	let unsynced = 0;
	for (const { state } of unique.values()) {
		if (state === null) unsynced++;
		else states[state]++;
	}
	return { total: unique.size, states, unsynced };
}

/** Everyone who gave an answer, in the order of their first one. */
function answerers(round: RoundView): string[] {
	const first = new Map<string, { at: number; name: string }>();
	for (const area of round.areas)
		for (const item of area.items)
			for (const entry of item.history) {
				const known = first.get(entry.by);
				if (known === undefined || entry.at < known.at)
					first.set(entry.by, { at: entry.at, name: entry.byName });
			}
	return [...first.entries()]
		.sort(([a, x], [b, y]) => x.at - y.at || (a < b ? -1 : 1))
		.map(([, who]) => who.name);
}

function answerDates(round: RoundView): RoundReport['dates'] {
	let from = Infinity;
	let to = -Infinity;
	for (const area of round.areas)
		for (const item of area.items)
			for (const entry of item.history) {
				from = Math.min(from, entry.at);
				to = Math.max(to, entry.at);
			}
	return from === Infinity ? null : { from: chinaDate(from), to: chinaDate(to) };
}

/** 共 20 项：合格 15，不合格 2，不适用 1，有分歧 1，未检 1 */
export function summaryText(summary: ReportSummary): string {
	const parts = [
		`${RESULT_WORDS.pass} ${summary.pass}`,
		`${RESULT_WORDS.fail} ${summary.fail}`,
		`${RESULT_WORDS.na} ${summary.na}`,
		`${RESULT_WORDS.conflict} ${summary.conflicts}`,
		`${RESULT_WORDS.unchecked} ${summary.unchecked}`
	];
	return `共 ${summary.total} 项，已检 ${summary.answered} 项：${parts.join('，')}`;
}

/**
 * A hazard as the form names it: its number and its state's short word (`['2026-11-C-007',
 * '整改中']`), 状态未同步 while its record has not reached this device, and 隐患（未同步） alone
 * should the link hold no number. Paper sets the two apart; text joins them (`hazardText`).
 */
export function hazardParts(hazard: ReportHazard): [number: string, state: string] | [string] {
	if (hazard.number === '') return [REPORT_WORDS.hazardUnknown];
	return [hazard.number, hazard.state === null ? REPORT_WORDS.hazardUnsynced : STATE_LABELS[hazard.state]];
}

/** 2026-11-C-007 整改中 */
export function hazardText(hazard: ReportHazard): string {
	return hazardParts(hazard).join(' ');
}

/** 共 3 条：已登记 1，整改中 1，状态未同步 1 — or 本轮未登记隐患. */
export function hazardSummaryText(summary: ReportHazardSummary): string {
	if (summary.total === 0) return REPORT_WORDS.noHazards;
	const parts = HAZARD_STATES.filter((state) => summary.states[state] > 0).map(
		(state) => `${STATE_LABELS[state]} ${summary.states[state]}`
	);
	if (summary.unsynced > 0) parts.push(`${REPORT_WORDS.hazardUnsynced} ${summary.unsynced}`);
	return `共 ${summary.total} 条：${parts.join('，')}`;
}

/** 2026-11-03 至 2026-11-05, one date when they are the same, 尚无检查记录 when none. */
export function datesText(dates: RoundReport['dates']): string {
	if (dates === null) return '尚无检查记录';
	return dates.from === dates.to ? dates.from : `${dates.from} 至 ${dates.to}`;
}

/** 黄春：（一）校舍及设施设备、（二）食品卫生 — or the name alone. */
export function inspectorText(inspector: ReportInspector): string {
	return inspector.areas.length === 0 ? inspector.name : `${inspector.name}：${inspector.areas.join('、')}`;
}

/** A signature as text: 黄春 手写签名 2026-11-05 10:00, or 已确认：周尹尹 2026-11-05 10:10. */
export function signatureText(entry: ReportSignature): string {
	const at = chinaDateTime(entry.at);
	return isDrawn(entry.signature) ? `${entry.name} 手写签名 ${at}` : confirmedText(entry);
}

/** 已确认：周尹尹 2026-11-05 10:10 (a signature given by name). */
export function confirmedText(entry: Pick<ReportSignature, 'name' | 'at'>): string {
	return `已确认：${entry.name} ${chinaDateTime(entry.at)}`;
}

/** 已签字确认（周尹尹 2026-11-05 10:20）, 已提交，待签字（黄春 …）, 检查中. */
export function stateText(report: RoundReport): string {
	const by = report.signedOff ?? report.submitted;
	const words = STATE_WORDS[report.state];
	return report.state === 'open' || by === null ? words : `${words}（${by.name} ${chinaDateTime(by.at)}）`;
}
