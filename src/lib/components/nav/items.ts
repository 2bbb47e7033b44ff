import type { Component } from 'svelte';
import Award from '@lucide/svelte/icons/award';
import BookOpen from '@lucide/svelte/icons/book-open';
import ClipboardCheck from '@lucide/svelte/icons/clipboard-check';
import FileText from '@lucide/svelte/icons/file-text';
import Flame from '@lucide/svelte/icons/flame';
import House from '@lucide/svelte/icons/house';
import Settings from '@lucide/svelte/icons/settings';
import ShieldCheck from '@lucide/svelte/icons/shield-check';
import type { MessageKey } from '$lib/i18n/messages';

export type NavPath =
	'/' | '/rounds' | '/ledger' | '/plan' | '/duty' | '/drills' | '/compliance' | '/settings';

export interface NavItem {
	path: NavPath;
	label: MessageKey;
	icon: Component;
	/** One of the four phone tabs (what an inspector needs most); the rest sit behind 更多. */
	tab: boolean;
}

/** Every screen of design.md §8, in the order the sidebar lists them. */
export const NAV_ITEMS: readonly NavItem[] = [
	{ path: '/', label: 'nav.home', icon: House, tab: true },
	{ path: '/rounds', label: 'nav.rounds', icon: ClipboardCheck, tab: true },
	{ path: '/ledger', label: 'nav.ledger', icon: BookOpen, tab: true },
	{ path: '/plan', label: 'nav.plan', icon: FileText, tab: false },
	{ path: '/duty', label: 'nav.duty', icon: ShieldCheck, tab: true },
	{ path: '/drills', label: 'nav.drills', icon: Flame, tab: false },
	{ path: '/compliance', label: 'nav.compliance', icon: Award, tab: false },
	{ path: '/settings', label: 'nav.settings', icon: Settings, tab: false }
];

/**
 * Whether `pathname` is inside the item's screen (a round's page belongs to 巡检, a change log and
 * 违规记录 to 设置).
 */
export function isCurrent(item: NavItem, pathname: string): boolean {
	if (item.path === '/') return pathname === '/';
	if (item.path === '/settings' && pathname.startsWith('/changes/'))
		return !pathname.includes('/inspection/');
	if (item.path === '/settings' && pathname.startsWith('/violations')) return true;
	if (item.path === '/rounds' && pathname.startsWith('/changes/inspection/')) return true;
	return pathname === item.path || pathname.startsWith(`${item.path}/`);
}
