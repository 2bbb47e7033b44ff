import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/**
 * The address of one hazard's page, `/ledger/<id>`. Its route is built on its own branch: once
 * `src/routes/ledger/[id]` exists here, this becomes `resolve('/ledger/[id]', { id })`.
 */
export function entryHref(id: string): ResolvedPathname {
	return `${resolve('/ledger')}/${encodeURIComponent(id)}` as ResolvedPathname;
}

/** The ledger with a query string from `ledgerSearch` (ledger-query.ts). */
export function ledgerHref(search: '' | `?${string}`): ResolvedPathname {
	return search === '' ? resolve('/ledger') : resolve(`/ledger${search}`);
}
