import type { Refusal, Room, RoomHooks } from './room.ts';

/**
 * Several hooks as one, run in the order given. `beforeApply` and `onChange` stop at the first
 * refusal, so put cheap checks before costly ones.
 */
export function combineHooks(...hooks: RoomHooks[]): RoomHooks {
	return {
		onLoad: (room: Room) => hooks.forEach((hook) => hook.onLoad?.(room)),
		beforeApply(room, update, from): Refusal | null {
			for (const hook of hooks) {
				const refusal = hook.beforeApply?.(room, update, from) ?? null;
				if (refusal !== null) return refusal;
			}
			return null;
		},
		onChange(room, transaction, from): Refusal | null {
			for (const hook of hooks) {
				const refusal = hook.onChange?.(room, transaction, from) ?? null;
				if (refusal !== null) return refusal;
			}
			return null;
		},
		onRefused: (room, refusal, from) => hooks.forEach((hook) => hook.onRefused?.(room, refusal, from)),
		afterStore: (room, seq, bytes) => hooks.forEach((hook) => hook.afterStore?.(room, seq, bytes)),
		afterCompact: (room) => hooks.forEach((hook) => hook.afterCompact?.(room))
	};
}
