import { listDepartments, listDomains, type DepartmentDetail } from '../model/duty.ts';
import { readGroup, readOffice, type LeadershipGroup, type SafetyOffice } from '../model/duty-leadership.ts';
import type { AppState } from './app.svelte.ts';
import { OpenDocument } from './open-document.svelte.ts';

export interface DomainSummary {
	id: string;
	title: string;
	/** Owner department names, lead first. */
	owners: string[];
}

/** 责任, read-only for now: the group, its office, the domains and the departments, live from `duty`. */
export class DutyBoardState {
	#duty: OpenDocument;
	#group = $state.raw<LeadershipGroup | null>(null);
	#office = $state.raw<SafetyOffice | null>(null);
	#domains = $state.raw<DomainSummary[]>([]);
	#departments = $state.raw<DepartmentDetail[]>([]);

	constructor(app: AppState) {
		this.#duty = new OpenDocument(app.hub, 'duty', (doc) => this.#read(doc));
	}

	get loaded(): boolean {
		return this.#duty.loaded;
	}
	get group(): LeadershipGroup | null {
		return this.#group;
	}
	get office(): SafetyOffice | null {
		return this.#office;
	}
	get domains(): DomainSummary[] {
		return this.#domains;
	}
	get departments(): DepartmentDetail[] {
		return this.#departments;
	}

	destroy(): void {
		this.#duty.destroy();
	}

	#read(doc: OpenDocument['doc']): void {
		this.#group = readGroup(doc);
		this.#office = readOffice(doc);
		const departments = listDepartments(doc);
		const name = (id: string) => departments.find((dept) => dept.id === id)?.name ?? '';
		this.#departments = departments;
		this.#domains = listDomains(doc).map((domain) => ({
			id: domain.id,
			title: domain.title,
			owners: domain.owners.map(name).filter((owner) => owner !== '')
		}));
	}
}
