import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';
import { documentKind, type DocumentName } from '$lib/model/documents';

/** The document as of `at` (`/history/<document>?at=<ms>`); without `at`, its time picker. */
export function asOfHref(document: DocumentName, at?: number): ResolvedPathname {
	const path = resolve('/history/[...document]', { document });
	return at === undefined ? path : (`${path}?at=${at}` as ResolvedPathname);
}

/** The live screen of a document shown as of a date. */
export function liveHref(document: DocumentName): ResolvedPathname {
	switch (documentKind(document)) {
		case 'ledger':
			return resolve('/ledger');
		case 'plan':
			return resolve('/plan');
		case 'inspection':
			return resolve('/rounds/[id]', { id: document.slice('inspection/'.length) });
		default:
			return resolve('/');
	}
}
