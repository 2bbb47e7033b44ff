import { expect, type Page } from '@playwright/test';
import { AppNav } from './app-nav.ts';

export class HomePage {
	constructor(readonly page: Page) {}

	async goto(origin: string): Promise<void> {
		await this.page.goto(`${origin}/`);
		await expect(this.page.getByTestId('sync-badge')).toBeVisible();
	}

	/** Signs this browser in with a device token, the way a sign-in link does, and lands on home. */
	async signIn(origin: string, token: string): Promise<void> {
		await this.page.goto(`${origin}/signin#token=${token}`);
		await this.page.waitForURL(`${origin}/`);
		await expect(this.page.getByTestId('me')).toBeVisible();
	}

	/** Goes to 巡检, the list of every round, through the navigation. */
	async openRoundList(): Promise<void> {
		await new AppNav(this.page).go('巡检');
		await expect(this.page.getByRole('heading', { name: '巡检轮次' })).toBeVisible();
	}

	/** Creates a round through the dialog on 巡检 and returns its id (the page moves to the round). */
	/** Creates a round, with `team` (members' names) ticked in the dialog; returns its id. */
	async createRound(title: string, team: string[] = []): Promise<string> {
		await this.openRoundList();
		await this.page.getByTestId('new-round').click();
		const dialog = this.page.getByRole('dialog');
		await dialog.getByLabel('名称').fill(title);
		for (const name of team) await dialog.getByTestId('new-round-team').getByLabel(name).check();
		await dialog.getByRole('button', { name: '创建' }).click();
		await this.page.waitForURL(/\/rounds\/[\w-]+$/);
		return this.page.url().split('/').pop() ?? '';
	}

	async openRound(title: string): Promise<void> {
		await this.openRoundList();
		await this.page.getByTestId('round-link').filter({ hasText: title }).click();
		await this.page.waitForURL(/\/rounds\/[\w-]+$/);
	}
}
