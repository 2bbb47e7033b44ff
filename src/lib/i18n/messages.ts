import { accountEn, accountZh } from './account-messages.ts';
import { appEn, appZh } from './app-messages.ts';
import { asOfEn, asOfZh } from './as-of-messages.ts';
import { errorsEn, errorsZh } from './error-messages.ts';
import { exportEn, exportZh } from './export-messages.ts';
import { hazardEn, hazardZh } from './hazard-messages.ts';
import { historyEn, historyZh } from './history-messages.ts';
import { inspectionEn, inspectionZh } from './inspection-messages.ts';
import { ledgerEn, ledgerZh } from './ledger-messages.ts';
import { photoEn, photoZh } from './photo-messages.ts';
import { planEn, planZh } from './plan-messages.ts';
import { planCommentsEn, planCommentsZh } from './plan-comments-messages.ts';
import { planVersionEn, planVersionZh } from './plan-version-messages.ts';
import { proposalEn, proposalZh } from './proposal-messages.ts';
import { roundEn, roundZh } from './round-messages.ts';
import { roundReportEn, roundReportZh } from './round-report-messages.ts';
import { syncEn, syncZh } from './sync-messages.ts';
import { templateEn, templateZh } from './template-messages.ts';
import { violationEn, violationZh } from './violation-messages.ts';

/**
 * UI strings, zh-CN first, one file per part of the app. `en` must have exactly the same keys
 * (the type enforces it). No key may be in two files (tests/unit/i18n.test.ts).
 */
export const zh = {
	appName: '校安',
	appTagline: '学校安全 · 党政同责、一岗双责',
	'language.switch': 'English',
	...inspectionZh,
	...accountZh,
	...syncZh,
	...roundZh,
	...roundReportZh,
	...templateZh,
	...hazardZh,
	...ledgerZh,
	...exportZh,
	...photoZh,
	...planZh,
	...planCommentsZh,
	...planVersionZh,
	...historyZh,
	...asOfZh,
	...proposalZh,
	...appZh,
	...violationZh,
	...errorsZh
} as const;

export type MessageKey = keyof typeof zh;

export const en: Record<MessageKey, string> = {
	appName: "Xiao'an",
	appTagline: 'Campus safety · shared and dual responsibility',
	'language.switch': '中文',
	...inspectionEn,
	...accountEn,
	...syncEn,
	...roundEn,
	...roundReportEn,
	...templateEn,
	...hazardEn,
	...ledgerEn,
	...exportEn,
	...photoEn,
	...planEn,
	...planCommentsEn,
	...planVersionEn,
	...historyEn,
	...asOfEn,
	...proposalEn,
	...appEn,
	...violationEn,
	...errorsEn
};
