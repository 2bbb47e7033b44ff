import {
	listDepartments,
	listDomains,
	memberDepts,
	type DepartmentView,
	type DomainView
} from '../model/duty.ts';
import { domainOwners, type DomainOwners, type MemberContext } from '../model/hazard-rules.ts';
import type { DocHandle } from '../sync/index.ts';
import type { AppState } from './app.svelte.ts';

/**
 * What the ledger's rules need from the duty board, live: the departments and domains (names and
 * owners), and the departments this member acts for, as the `MemberContext` the model's rules take.
 * Opens the `duty` document; `destroy()` releases it.
 */
export class DutyContext {
	#app: AppState;
	#handle: DocHandle;
	#departments = $state.raw<DepartmentView[]>([]);
	#domains = $state.raw<DomainView[]>([]);
	#deptIds = $state.raw<string[]>([]);
	#loaded = $state(false);
	#stop: () => void;
	/** Settles once the device's copy has been read (`loaded`). */
	readonly ready: Promise<void>;

	constructor(app: AppState) {
		this.#app = app;
		this.#handle = app.hub.open('duty');
		this.#stop = this.#handle.onChange(() => this.#refresh());
		this.#refresh();
		this.ready = this.#handle.loaded.then(() => {
			this.#refresh();
			this.#loaded = true;
		});
	}

	/** False until the device's copy of the duty board has been read: the departments are not known yet. */
	get loaded(): boolean {
		return this.#loaded;
	}

	get departments(): DepartmentView[] {
		return this.#departments;
	}

	get domains(): DomainView[] {
		return this.#domains;
	}

	/** Each domain's owner departments, lead first. */
	get owners(): DomainOwners {
		return domainOwners(this.#domains);
	}

	/** This member as the ledger's rules see them: who, which role, which departments. */
	get member(): MemberContext {
		return { ...this.#app.actor, role: this.#app.role, deptIds: this.#deptIds };
	}

	departmentName(id: string): string {
		return this.#departments.find((dept) => dept.id === id)?.name ?? '';
	}

	domainTitle(id: string): string {
		return this.#domains.find((domain) => domain.id === id)?.title ?? '';
	}

	destroy(): void {
		this.#stop();
		this.#app.hub.release('duty');
	}

	#refresh(): void {
		const doc = this.#handle.doc;
		this.#departments = listDepartments(doc);
		this.#domains = listDomains(doc);
		this.#deptIds = memberDepts(doc, this.#app.actor.id);
	}
}
