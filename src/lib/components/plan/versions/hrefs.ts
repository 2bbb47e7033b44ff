import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

/** Which screen of the versions page: the list, one version read-only, or two texts compared. */
export interface VersionsQuery {
	view?: string;
	from?: string;
	to?: string;
}

/** `/plan/versions` with the query: in the address, so back and forward show the same screen. */
export function versionsHref(query: VersionsQuery = {}): ResolvedPathname {
	const params = new URLSearchParams();
	for (const key of ['view', 'from', 'to'] as const) {
		const value = query[key];
		if (value) params.set(key, value);
	}
	const search = params.toString();
	return search === '' ? resolve('/plan/versions') : resolve(`/plan/versions?${search}`);
}
