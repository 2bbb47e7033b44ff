import { toBase64 } from 'lib0/buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { UnloadRescue, type UnloadRescueOptions } from '../../src/lib/sync/unload-rescue.ts';

/** localStorage as the browser has it, in memory. */
class MemoryStorage implements Storage {
	#items = new Map<string, string>();
	get length(): number {
		return this.#items.size;
	}
	clear(): void {
		this.#items.clear();
	}
	getItem(key: string): string | null {
		return this.#items.get(key) ?? null;
	}
	key(index: number): string | null {
		return [...this.#items.keys()][index] ?? null;
	}
	removeItem(key: string): void {
		this.#items.delete(key);
	}
	setItem(key: string, value: string): void {
		this.#items.set(key, value);
	}
}

const KEY = 'xiaoan:unsaved:w/plan';
const opened: { persistence: IndexeddbPersistence; rescue: UnloadRescue }[] = [];

/** One page's copy of a document: IndexedDB, then the rescue (its listener after y-indexeddb's). */
async function openPage(db: string, options: Partial<UnloadRescueOptions> & { storage: Storage }) {
	const doc = new Y.Doc();
	const persistence = new IndexeddbPersistence(db, doc);
	const rescue = new UnloadRescue(doc, persistence, { key: KEY, events: new EventTarget(), ...options });
	opened.push({ persistence, rescue });
	await persistence.whenSynced;
	rescue.restore();
	return { doc, persistence, rescue, text: doc.getText('body') };
}

/** The page goes away: the rescue is told, and y-indexeddb stops at once. */
async function close(page: { persistence: IndexeddbPersistence; rescue: UnloadRescue }): Promise<void> {
	page.rescue.destroy();
	await page.persistence.destroy();
}

afterEach(async () => {
	for (const page of opened.splice(0)) await close(page);
});

describe('UnloadRescue', () => {
	it('brings back a keystroke whose IndexedDB write the unload aborted, and forgets it once stored', async () => {
		const storage = new MemoryStorage();
		const events = new EventTarget();
		const first = await openPage('rescue/lost', { storage, events });
		first.text.insert(0, '安全第一');
		await vi.waitFor(() => {
			first.rescue.save();
			expect(storage.getItem(KEY)).toBeNull(); // stored: nothing left to save
		});
		// The last keystroke never reaches IndexedDB: the page unloads while its write is in flight.
		first.doc.off('update', first.persistence._storeUpdate);
		first.text.insert(4, '！');
		events.dispatchEvent(new Event('pagehide'));
		// localStorage as the page left it: nothing of the page runs after its unload.
		const left = new MemoryStorage();
		left.setItem(KEY, storage.getItem(KEY) ?? '');
		await close(first);

		const second = await openPage('rescue/lost', { storage: left });
		expect(second.text.toString()).toBe('安全第一！');
		// Applied again, it is written to IndexedDB, and then the key goes.
		await vi.waitFor(() => expect(left.getItem(KEY)).toBeNull());
		await close(second);

		const third = await openPage('rescue/lost', { storage: new MemoryStorage() });
		expect(third.text.toString()).toBe('安全第一！');
	});

	it('saves nothing once IndexedDB has every update', async () => {
		const storage = new MemoryStorage();
		const events = new EventTarget();
		const page = await openPage('rescue/stored', { storage, events });
		page.text.insert(0, '巡检');
		await vi.waitFor(() => {
			events.dispatchEvent(new Event('pagehide'));
			expect(storage.getItem(KEY)).toBeNull();
		});
	});

	it('saves when the page is hidden, not when it is shown again', async () => {
		const storage = new MemoryStorage();
		const events = new EventTarget();
		let hidden = false;
		const page = await openPage('rescue/hidden', { storage, events, hidden: () => hidden });
		page.doc.off('update', page.persistence._storeUpdate);
		page.text.insert(0, '台账');
		events.dispatchEvent(new Event('visibilitychange'));
		expect(storage.getItem(KEY)).toBeNull();
		hidden = true;
		events.dispatchEvent(new Event('visibilitychange'));
		expect(storage.getItem(KEY)).not.toBeNull();
	});

	it('leaves an update too big for localStorage to IndexedDB alone', async () => {
		const storage = new MemoryStorage();
		const page = await openPage('rescue/big', { storage, maxBytes: 1024 });
		page.doc.off('update', page.persistence._storeUpdate);
		page.text.insert(0, '隐'.repeat(2000));
		page.rescue.save();
		expect(storage.getItem(KEY)).toBeNull();
	});

	it('applies a saved update IndexedDB already has without changing the text, and drops a damaged key', async () => {
		const storage = new MemoryStorage();
		const first = await openPage('rescue/twice', { storage });
		first.text.insert(0, '演练');
		await vi.waitFor(() => {
			first.rescue.save();
			expect(storage.getItem(KEY)).toBeNull();
		});
		// A page saved the update and IndexedDB finished writing it anyway.
		storage.setItem(KEY, toBase64(Y.encodeStateAsUpdate(first.doc)));
		await close(first);

		const second = await openPage('rescue/twice', { storage });
		expect(second.text.toString()).toBe('演练');
		expect(storage.getItem(KEY)).toBeNull();
		await close(second);

		storage.setItem(KEY, 'bm90IGEgWWpzIHVwZGF0ZQ==');
		const third = await openPage('rescue/twice', { storage });
		expect(third.text.toString()).toBe('演练');
		expect(storage.getItem(KEY)).toBeNull();
	});
});
