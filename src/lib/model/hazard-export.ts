import type { DepartmentView, DomainView } from './duty.ts';
import type { HazardState } from './hazard-fold.ts';
import type { HazardView } from './hazard-record.ts';
import { domainOwners, responsibleDepts, type DomainOwners } from './hazard-rules.ts';
import { isOverdue } from './hazard-status.ts';
import { chinaDate, chinaDateTime } from './time.ts';

/**
 * The ledger as the education bureau reads it (隐患排查治理台账): its standard columns in Chinese,
 * every cell a string. XLSX, CSV and the A4 print view are written around these rows, so the three
 * always agree. The words are the bureau's form, not interface text: they do not follow the app's
 * language.
 */
export const LEDGER_COLUMNS = [
	'序号',
	'隐患编号',
	'排查时间',
	'隐患地点',
	'排查人',
	'隐患描述',
	'隐患类别',
	'隐患等级',
	'整改措施',
	'责任部门',
	'责任人',
	'整改期限',
	'整改资金（元）',
	'临时防范措施',
	'整改情况',
	'复查人',
	'复查时间',
	'复查结果',
	'未整改原因',
	'销号时间',
	'状态',
	'重大隐患上报',
	'备注'
] as const;

export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

/** The state column's words (the standard terms of school ledgers). */
export const STATE_LABELS: Readonly<Record<HazardState, string>> = {
	registered: '已登记',
	rectifying: '整改中',
	awaiting_reinspection: '待复查',
	verified: '待销号',
	closed: '已销号'
};

/** Names for the ids a hazard holds, from the duty board. */
export interface ExportNames {
	departments: ReadonlyMap<string, string>;
	domains: ReadonlyMap<string, string>;
	owners: DomainOwners;
}

export function exportNames(
	departments: readonly DepartmentView[],
	domains: readonly DomainView[]
): ExportNames {
	return {
		departments: new Map(departments.map((dept) => [dept.id, dept.name])),
		domains: new Map(domains.map((domain) => [domain.id, domain.title])),
		owners: domainOwners(domains)
	};
}

export interface LedgerTable {
	header: LedgerColumn[];
	rows: string[][];
}

/**
 * One row per hazard, in the order given (filter and sort with hazard-query.ts first). `now` marks
 * overdue entries in the state column (整改中（逾期）).
 */
export function ledgerRows(hazards: readonly HazardView[], names: ExportNames, now: number): LedgerTable {
	return {
		header: [...LEDGER_COLUMNS],
		rows: hazards.map((hazard, i) => ledgerRow(hazard, i + 1, names, now))
	};
}

export function ledgerRow(hazard: HazardView, serial: number, names: ExportNames, now: number): string[] {
	const date = (at: number | undefined) => (at === undefined ? '' : chinaDate(at));
	const { rectification, reinspection, notFixed, closed, report } = hazard;
	const cells: Record<LedgerColumn, string> = {
		序号: String(serial),
		隐患编号: hazard.number,
		排查时间: date(hazard.foundAt),
		隐患地点: hazard.place,
		排查人: hazard.foundBy.name,
		隐患描述: hazard.description,
		隐患类别: names.domains.get(hazard.domain) ?? hazard.domain,
		隐患等级: `${hazard.level}隐患`,
		整改措施: hazard.measures,
		责任部门: responsibleDepts(hazard, names.owners)
			.map((id) => names.departments.get(id) ?? id)
			.join('、'),
		责任人: hazard.ownerPerson,
		整改期限: hazard.deadline ?? '',
		'整改资金（元）': hazard.funds === null ? '' : hazard.funds.toFixed(2),
		临时防范措施: hazard.interimMeasures,
		整改情况: rectification?.comment ?? '',
		复查人: reinspection?.by.name ?? '',
		复查时间: date(reinspection?.at),
		复查结果:
			reinspection === null
				? ''
				: withComment(reinspection.result === 'pass' ? '合格' : '不合格', reinspection.comment),
		未整改原因:
			notFixed === null
				? ''
				: notFixed.comment + (notFixed.newDeadline === null ? '' : `（新期限 ${notFixed.newDeadline}）`),
		销号时间: date(closed?.at),
		状态: STATE_LABELS[hazard.state] + (isOverdue(hazard, now) ? '（逾期）' : ''),
		重大隐患上报:
			hazard.level !== '重大'
				? ''
				: report === null
					? '未上报'
					: [chinaDateTime(report.at), report.by.name, report.ref === '' ? '' : `文号 ${report.ref}`]
							.filter(Boolean)
							.join(' '),
		备注: hazard.remarks
	};
	return LEDGER_COLUMNS.map((column) => cells[column]);
}

function withComment(result: string, comment: string): string {
	return comment === '' ? result : `${result}：${comment}`;
}
