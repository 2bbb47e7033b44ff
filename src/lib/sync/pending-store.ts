/** Keeps each room's count of unacknowledged local changes across reloads. */
export interface PendingStore {
	get(room: string): number;
	set(room: string, pending: number): void;
}

const PREFIX = 'xiaoan:pending:';

export function browserPendingStore(storage: Storage = localStorage): PendingStore {
	return {
		get: (room) => {
			const value = Number(storage.getItem(PREFIX + room));
			return Number.isInteger(value) && value > 0 ? value : 0;
		},
		set: (room, pending) => {
			if (pending > 0) storage.setItem(PREFIX + room, String(pending));
			else storage.removeItem(PREFIX + room);
		}
	};
}

export function memoryPendingStore(): PendingStore {
	const counts = new Map<string, number>();
	return {
		get: (room) => counts.get(room) ?? 0,
		set: (room, pending) => void counts.set(room, pending)
	};
}
