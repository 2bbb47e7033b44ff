import { allMemberDepts, listDepartments, setMemberDepts, type DepartmentView } from '../model/duty.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/**
 * The departments each member acts for (设置 → 成员), from the duty board: a department head
 * rectifies the hazards of their departments' domains (hazard-rules.ts), so the office names them.
 * Opens the `duty` document; `destroy()` releases it.
 */
export class MemberDeptsState {
	#app: AppState;
	#handle: DocHandle;
	#departments = $state.raw<DepartmentView[]>([]);
	#byMember = $state.raw<Readonly<Record<string, string[]>>>({});
	#stop: () => void;

	constructor(app: AppState) {
		this.#app = app;
		this.#handle = app.hub.open('duty');
		this.#stop = this.#handle.onChange(() => this.#refresh());
		this.#refresh();
		void this.#handle.loaded.then(() => this.#refresh());
	}

	/** The duty board's departments, in its order. */
	get departments(): DepartmentView[] {
		return this.#departments;
	}

	/** Leaders and the office, while the duty board is not from a newer app. */
	get canEdit(): boolean {
		return this.#app.canManageMembers && this.#app.mayWrite('duty');
	}

	/** The department ids `memberId` acts for, in the board's order. */
	of(memberId: string): string[] {
		const ids = this.#byMember[memberId] ?? [];
		return this.#departments.filter((dept) => ids.includes(dept.id)).map((dept) => dept.id);
	}

	/** The names of `memberId`'s departments, in the board's order. */
	namesOf(memberId: string): string[] {
		const ids = this.#byMember[memberId] ?? [];
		return this.#departments.filter((dept) => ids.includes(dept.id)).map((dept) => dept.name);
	}

	/** Sets `memberId`'s departments (works offline; throws the model's ModelError). */
	set(memberId: string, deptIds: readonly string[]): void {
		setMemberDepts(this.#handle.doc, memberId, deptIds, this.#app.actor);
	}

	destroy(): void {
		this.#stop();
		this.#app.hub.release('duty');
	}

	#refresh(): void {
		const doc = this.#handle.doc;
		this.#departments = listDepartments(doc);
		this.#byMember = Object.fromEntries(allMemberDepts(doc));
	}
}
