import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/** The address of one hazard's page, `/ledger/<id>`. */
export function entryHref(id: string): ResolvedPathname {
	return resolve('/ledger/[id]', { id });
}

/** The ledger with a query string from `ledgerSearch` (ledger-query.ts). */
export function ledgerHref(search: '' | `?${string}`): ResolvedPathname {
	return search === '' ? resolve('/ledger') : resolve(`/ledger${search}`);
}
