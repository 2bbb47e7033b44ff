import { expect, type Locator, type Page } from '@playwright/test';

/** 成员与邀请: invites, the member list, sign-in codes for existing members. */
export class MembersPage {
	constructor(readonly page: Page) {}

	async goto(origin: string): Promise<void> {
		await this.page.goto(`${origin}/settings`);
		await expect(this.page.getByTestId('member').first()).toBeVisible();
	}

	member(name: string): Locator {
		return this.page.getByTestId('member').filter({ hasText: name });
	}

	/** Makes a sign-in code for `name` and returns the code as shown. */
	async signinCode(name: string): Promise<string> {
		await this.member(name).getByRole('button', { name: '生成登录码' }).click();
		const code = this.member(name).getByTestId('signin-code-code');
		await expect(code).toHaveText(/^[0-9A-Z]{10}$/);
		return (await code.textContent()) ?? '';
	}
}
