import type { Translate } from '$lib/i18n/errors';
import type { PlanVersion } from '$lib/model/plan';
import { CURRENT } from '$lib/state/plan-versions.svelte';

/** A text's name on screen: the current text, a version's name, or what an automatic one holds. */
export function versionLabel(ref: string, version: PlanVersion | undefined, t: Translate): string {
	if (ref === CURRENT) return t('planVersion.current');
	if (version === undefined) return '';
	return version.auto === 'restore' ? t('planVersion.autoName', { name: version.name }) : version.name;
}
