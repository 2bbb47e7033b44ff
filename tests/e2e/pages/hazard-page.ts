import { expect, type Locator, type Page } from '@playwright/test';
import type { PhotoFile } from './photos.ts';

/** The moves of a hazard's loop, by the name the page gives their buttons' test ids. */
export type Move = 'start' | 'submit' | 'pass' | 'reject' | 'close' | 'passAndClose';

/** Chinese names of the states, as the state badge reads. */
export const STATE_NAMES = {
	registered: '已登记',
	rectifying: '整改中',
	awaiting_reinspection: '待复查',
	verified: '复查通过，待销号',
	closed: '已销号'
} as const;
export type State = keyof typeof STATE_NAMES;

/** One hazard's page, /ledger/<id>. */
export class HazardPage {
	constructor(readonly page: Page) {}

	async goto(origin: string, id: string): Promise<void> {
		await this.page.goto(`${origin}/ledger/${id}`);
		await expect(this.page.getByTestId('hazard-page')).toBeVisible();
	}

	get number(): Locator {
		return this.page.getByTestId('hazard-number');
	}

	get actions(): Locator {
		return this.page.getByTestId('hazard-actions');
	}

	get waiting(): Locator {
		return this.page.getByTestId('hazard-waiting');
	}

	get timeline(): Locator {
		return this.page.getByTestId('timeline-entry');
	}

	field(name: string): Locator {
		return this.page.getByTestId(`field-${name}`);
	}

	/** The state badge says `state` (in Chinese). */
	async expectState(state: State): Promise<void> {
		await expect(this.page.getByTestId('hazard-state')).toHaveAttribute('data-state', state);
		await expect(this.page.getByTestId('hazard-state')).toHaveText(STATE_NAMES[state]);
	}

	/** Exactly these move buttons are offered. */
	async expectMoves(...moves: Move[]): Promise<void> {
		const buttons = this.actions.locator('[data-testid^="move-"]:is(button)');
		await expect(buttons).toHaveCount(moves.length);
		for (const move of moves) await expect(this.actions.getByTestId(`move-${move}`)).toBeVisible();
	}

	/** Opens a move's form. */
	async open(move: Move): Promise<Locator> {
		await this.actions.getByTestId(`move-${move}`).click();
		const form = this.page.getByTestId('move-form');
		await expect(form).toHaveAttribute('data-move', move);
		return form;
	}

	/** Makes a move through its form: the comment, a new deadline, photos; then waits for it to be recorded. */
	async move(
		move: Move,
		input: { comment?: string; deadline?: string; photos?: PhotoFile[] } = {}
	): Promise<void> {
		const form = await this.open(move);
		if (input.comment !== undefined) await form.getByTestId('move-comment').fill(input.comment);
		if (input.deadline !== undefined) await form.getByTestId('move-deadline').fill(input.deadline);
		if (input.photos) {
			await form.getByTestId('photo-input').setInputFiles(input.photos);
			await expect(form.getByTestId('photo-thumb')).toHaveCount(input.photos.length);
		}
		await form.getByTestId('move-confirm').click();
		await expect(this.page.getByTestId('move-done')).toBeVisible();
	}

	/** The last entry of the timeline. */
	lastEntry(): Locator {
		return this.timeline.last();
	}

	/** Sets a select field (an office's routing) to the option labelled `label`. */
	async choose(name: string, label: string): Promise<void> {
		await this.field(name).getByRole('combobox').selectOption({ label });
	}
}
