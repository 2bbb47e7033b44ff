import type { MessageKey } from '$lib/i18n/messages';
import type { PlanRule } from '$lib/model/plan-rules';

type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A rule as a sentence: "每季度召开安全工作会议，由校长主持". */
export function ruleText(rule: PlanRule, t: Translate): string {
	const every = t(`rule.every.${rule.every === '' ? 'any' : rule.every}`);
	const times = rule.times ?? 1;
	const text =
		rule.kind === 'drill' && times > 1
			? t('rule.drillTimes', { every, times })
			: rule.kind === 'meeting' && rule.chair
				? t('rule.meetingChair', { every, chair: rule.chair })
				: rule.kind === 'letters' && rule.layered
					? t('rule.lettersLayered', { every })
					: t(`rule.${rule.kind}`, { every });
	const trimmed = text.trim();
	return trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
}
