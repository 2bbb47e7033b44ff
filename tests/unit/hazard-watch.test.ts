import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addHazardPhoto, moveHazard, setHazardText, updateHazard } from '../../src/lib/model/ledger.ts';
import { watchHazard, type HazardChange } from '../../src/lib/model/hazard-watch.ts';
import { hazardReads } from '../../src/lib/model/hazard-record.ts';
import { photoHash, syncAll } from './helpers.ts';
import { OWNERS, T0, generalAffairs, inspector, office, registered } from './ledger-helpers.ts';

function watched(doc: Y.Doc, id: string): { changes: HazardChange[]; stop: () => void } {
	const changes: HazardChange[] = [];
	const stop = watchHazard(doc, id, (change) => changes.push(change));
	return { changes, stop };
}

describe('watching one hazard', () => {
	it('reports each transaction that touches the record once, and none for other records', () => {
		const { doc, id } = registered();
		const other = registered(doc, { place: '食堂后门' }).id;
		const { changes, stop } = watched(doc, id);
		setHazardText(doc, other, 'description', '另一条', office, OWNERS);
		updateHazard(doc, other, { remarks: '无关' }, office, OWNERS);
		expect(changes).toEqual([]);
		setHazardText(doc, id, 'description', '通道堆放杂物，已通知', office, OWNERS);
		updateHazard(doc, id, { ownerPerson: '王师傅', funds: 20 }, office, OWNERS);
		moveHazard(doc, id, 'start', generalAffairs, OWNERS, { now: T0 + 1 });
		expect(changes).toEqual([
			{ record: true, photoInfo: [] },
			{ record: true, photoInfo: [] },
			{ record: true, photoInfo: [] }
		]);
		stop();
		updateHazard(doc, id, { remarks: '停了' }, office, OWNERS);
		expect(changes).toHaveLength(3);
	});

	it('names the photos whose authors arrived, with the record change of the same transaction', () => {
		const { doc, id } = registered();
		const other = registered(doc, { place: '食堂后门' }).id;
		const { changes } = watched(doc, id);
		addHazardPhoto(doc, other, photoHash(1), inspector, OWNERS, 'phone', T0);
		addHazardPhoto(doc, id, photoHash(2), inspector, OWNERS, 'phone', T0);
		expect(changes).toEqual([
			{ record: false, photoInfo: [photoHash(1)] },
			{ record: true, photoInfo: [photoHash(2)] }
		]);
	});

	it('sees a record that arrives from another device, and reads nothing itself', () => {
		const a = registered();
		const b = new Y.Doc();
		const { changes } = watched(b, a.id);
		const reads = hazardReads.count;
		syncAll(a.doc, b);
		expect(changes).toEqual([{ record: true, photoInfo: [] }]);
		expect(hazardReads.count).toBe(reads);
	});
});
