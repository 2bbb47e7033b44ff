import { expect, type Locator, type Page } from '@playwright/test';

/** A round's A4 print view (/rounds/<id>/print): the 登记表 and its toolbar. */
export class RoundReportPage {
	constructor(readonly page: Page) {}

	get sheet(): Locator {
		return this.page.getByTestId('round-report');
	}

	/** Opens it from the round page's 打印 / 导出 toolbar. */
	async openFromRound(): Promise<void> {
		await this.page.getByTestId('round-report-tools').getByRole('link', { name: '打印 / 导出' }).click();
		await this.page.waitForURL(/\/rounds\/[\w-]+\/print$/);
		await expect(this.sheet.getByRole('heading', { name: '学校安全隐患排查登记表' })).toBeVisible();
	}

	/** The printed row of item `number` (`3.2`). */
	item(number: string): Locator {
		return this.sheet
			.getByTestId('report-item')
			.filter({ has: this.page.getByRole('cell', { name: number, exact: true }) });
	}

	/** The hazards item `number`'s printed row names (number and state each). */
	hazards(number: string): Locator {
		return this.item(number).getByTestId('report-hazard');
	}

	photos(number: string): Locator {
		return this.item(number).getByTestId('report-photo');
	}

	/** Downloads the XLSX and returns the download. */
	async downloadXlsx() {
		const download = this.page.waitForEvent('download');
		await this.page.getByTestId('report-xlsx').click();
		return download;
	}
}
