import { expect, type Locator, type Page } from '@playwright/test';

/** 检查表模板: the draft editor for the office, the version in use for everyone else. */
export class TemplatePage {
	constructor(readonly page: Page) {}

	/** Opens the editor from 巡检 (编辑检查表, or 查看检查表 for those who only read). */
	async openFromRounds(): Promise<void> {
		await this.page.getByTestId('template-link').click();
		await this.page.waitForURL(/\/rounds\/template$/);
		await expect(this.page.getByRole('heading', { name: '检查表模板' })).toBeVisible();
	}

	/** An active area of the draft, by its name (its heading reads （二）食品卫生). */
	area(title: string): Locator {
		return this.page
			.getByTestId('draft-area')
			.filter({ has: this.page.getByRole('heading', { name: title }) });
	}

	/** The draft's active item with this text. */
	item(text: string): Locator {
		return this.page.locator(`[data-testid=draft-item][data-text="${text}"]`);
	}

	/** The texts of an area's active items, in order. */
	async itemTexts(areaTitle: string): Promise<string[]> {
		return this.area(areaTitle)
			.getByTestId('draft-item')
			.evaluateAll((items) => items.map((item) => item.getAttribute('data-text') ?? ''));
	}

	async moveItemTo(text: string, areaTitle: string): Promise<void> {
		await this.item(text).getByRole('combobox').selectOption({ label: areaTitle });
		await expect.poll(() => this.itemTexts(areaTitle)).toContain(text);
	}

	async addItem(areaTitle: string, text: string): Promise<void> {
		const form = this.area(areaTitle).getByTestId('add-item');
		await form.getByRole('textbox').fill(text);
		await form.getByRole('button', { name: '添加' }).click();
		await expect.poll(() => this.itemTexts(areaTitle)).toContain(text);
	}

	async publish(): Promise<void> {
		await this.page.getByTestId('publish').click();
		await expect(this.page.getByTestId('published-now')).toBeVisible();
	}
}
