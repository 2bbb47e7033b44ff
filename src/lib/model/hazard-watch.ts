import type * as Y from 'yjs';
import { hazards } from './hazard-record.ts';
import { PHOTO_INFO } from './photos.ts';

/**
 * What changed for one hazard's page: its record (any field, text, photo or log entry), and/or who
 * added some photos (`photoInfo`, by hash: the page re-reads authors only when one of its own
 * photos is among them).
 */
export interface HazardChange {
	record: boolean;
	photoInfo: readonly string[];
}

/**
 * Calls `listener` after every transaction that touched hazard `id` or the document's photo
 * authors, and never for the other records: a keystroke in another hazard, or a remote update of
 * a hundred others, costs one path comparison per event and no read. The same rule as
 * `LedgerIndex` (an event's path starts with the record's id; a change of the map itself names
 * its keys), for one record, without reading the whole ledger first. Returns the unsubscribe.
 */
export function watchHazard(doc: Y.Doc, id: string, listener: (change: HazardChange) => void): () => void {
	const records = hazards(doc);
	const authors = doc.getMap<unknown>(PHOTO_INFO);
	let pending: { record: boolean; photoInfo: Set<string> } | null = null;
	// Both observers of one transaction report together, after Yjs has run them all.
	const flush = (): void => {
		const change = pending;
		pending = null;
		if (change && (change.record || change.photoInfo.size > 0))
			listener({ record: change.record, photoInfo: [...change.photoInfo] });
	};
	const note = (): { record: boolean; photoInfo: Set<string> } => {
		if (pending === null) {
			pending = { record: false, photoInfo: new Set() };
			doc.once('afterTransaction', flush);
		}
		return pending;
	};
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const onRecords = (events: Y.YEvent<any>[]): void => {
		for (const event of events) {
			const touched =
				event.target === records ? (event as Y.YMapEvent<unknown>).keysChanged.has(id) : event.path[0] === id;
			if (touched) {
				note().record = true;
				return;
			}
		}
	};
	const onAuthors = (event: Y.YMapEvent<unknown>): void => {
		const change = note();
		for (const hash of event.keysChanged) change.photoInfo.add(hash);
	};
	records.observeDeep(onRecords);
	authors.observe(onAuthors);
	return () => {
		records.unobserveDeep(onRecords);
		authors.unobserve(onAuthors);
		doc.off('afterTransaction', flush);
	};
}
