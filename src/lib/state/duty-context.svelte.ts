import {
	listDepartments,
	listDomains,
	memberDepts,
	type DepartmentView,
	type DomainView
} from '../model/duty.ts';
import { domainOwners, type DomainOwners, type MemberContext } from '../model/hazard-rules.ts';
import type { AppState } from './app.svelte.ts';
import { OpenDocument } from './open-document.svelte.ts';

/**
 * What the ledger's rules need from the duty board, live: the departments and domains (names and
 * owners), and the departments this member acts for, as the `MemberContext` the model's rules take.
 * Opens the `duty` document; `destroy()` releases it.
 */
export class DutyContext {
	#app: AppState;
	#duty: OpenDocument;
	#departments = $state.raw<DepartmentView[]>([]);
	#domains = $state.raw<DomainView[]>([]);
	#deptIds = $state.raw<string[]>([]);

	constructor(app: AppState) {
		this.#app = app;
		this.#duty = new OpenDocument(app.hub, 'duty', (doc) => this.#read(doc));
	}

	/** Settles once the device's copy of the duty board has been read (`loaded`). */
	get ready(): Promise<void> {
		return this.#duty.ready;
	}

	/** False until the device's copy of the duty board has been read: the departments are not known yet. */
	get loaded(): boolean {
		return this.#duty.loaded;
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
		this.#duty.destroy();
	}

	#read(doc: OpenDocument['doc']): void {
		this.#departments = listDepartments(doc);
		this.#domains = listDomains(doc);
		this.#deptIds = memberDepts(doc, this.#app.actor.id);
	}
}
