import { allMemberDepts, listDepartments, setMemberDepts, type DepartmentView } from '../model/duty.ts';
import type { AppState } from './app.svelte.ts';
import { OpenDocument } from './open-document.svelte.ts';

/**
 * The departments each member acts for (设置 → 成员), from the duty board: a department head
 * rectifies the hazards of their departments' domains (hazard-rules.ts), so the office names them.
 * Opens the `duty` document; `destroy()` releases it.
 */
export class MemberDeptsState {
	#app: AppState;
	#duty: OpenDocument;
	#departments = $state.raw<DepartmentView[]>([]);
	#byMember = $state.raw<Readonly<Record<string, string[]>>>({});

	constructor(app: AppState) {
		this.#app = app;
		this.#duty = new OpenDocument(app.hub, 'duty', (doc) => this.#read(doc));
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
		setMemberDepts(this.#duty.doc, memberId, deptIds, this.#app.actor);
	}

	destroy(): void {
		this.#duty.destroy();
	}

	#read(doc: OpenDocument['doc']): void {
		this.#departments = listDepartments(doc);
		this.#byMember = Object.fromEntries(allMemberDepts(doc));
	}
}
