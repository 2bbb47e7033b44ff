import { expect, type Page } from '@playwright/test';

/** The app's navigation as a person uses it: the sidebar on desktops, tabs and 更多 on phones. */
export class AppNav {
	constructor(readonly page: Page) {}

	/** The navigation shown at this viewport (the other one is hidden). */
	get bar() {
		return this.page.locator('[data-testid=side-nav]:visible, [data-testid=tab-bar]:visible');
	}

	/** Goes to the screen labelled `label`, through 更多 when it is not a phone tab. */
	async go(label: string): Promise<void> {
		// A page still loading has no navigation yet: counting its links then would find none.
		await expect(this.bar.getByRole('link').first()).toBeVisible();
		let link = this.bar.getByRole('link', { name: label, exact: true });
		if ((await link.count()) === 0) {
			await this.bar.getByRole('button', { name: /更多|More/ }).click();
			link = this.page.getByTestId('more-sheet').getByRole('link', { name: label, exact: true });
		}
		const href = (await link.getAttribute('href')) ?? '';
		await link.click();
		await expect(this.page).toHaveURL((url) => url.pathname === href);
		await expect(this.page.getByTestId('more-sheet')).toBeHidden();
	}

	/** Signs out through the navigation: the sidebar on desktops, 更多 on phones. */
	async signOut(): Promise<void> {
		const side = this.page.locator('[data-testid=side-nav]:visible');
		if ((await side.count()) === 0) {
			await this.bar.getByRole('button', { name: /更多|More/ }).click();
			await this.page.getByTestId('more-sheet').getByTestId('sign-out').click();
		} else {
			await side.getByTestId('sign-out').click();
		}
	}
}
