/**
 * Persistent storage (navigator.storage.persist): without it the browser may evict the device's
 * IndexedDB under storage pressure, and with it any change not yet on the server. Firefox asks
 * the person, so the app asks once on load and remembers the answer; the 本机数据 panel asks again
 * only when the person presses its button.
 */
export type Persistence = 'granted' | 'denied' | 'unsupported';

const KEY = 'xiaoan:persist';

function storage(): StorageManager | null {
	if (typeof navigator === 'undefined' || !('storage' in navigator)) return null;
	return typeof navigator.storage.persist === 'function' ? navigator.storage : null;
}

/** Whether storage is persistent now, without asking. */
export async function currentPersistence(): Promise<Persistence> {
	const manager = storage();
	if (!manager) return 'unsupported';
	return (await manager.persisted()) ? 'granted' : 'denied';
}

/** Asks the browser for persistent storage and remembers the answer. */
export async function askPersistence(): Promise<Persistence> {
	const manager = storage();
	if (!manager) return 'unsupported';
	const granted = await manager.persist().catch(() => false);
	localStorage.setItem(KEY, granted ? 'granted' : 'denied');
	return granted ? 'granted' : 'denied';
}

/** On load, once per device: asks unless an answer is remembered or storage is persistent already. */
export async function askPersistenceOnce(): Promise<Persistence> {
	const now = await currentPersistence();
	if (now !== 'denied' || localStorage.getItem(KEY) !== null) return now;
	return askPersistence();
}
