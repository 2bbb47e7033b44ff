import { expect, type Locator, type Page } from '@playwright/test';

/** The round page's lifecycle bar and its dialogs: submit, sign (drawn or by name), sign off, reopen. */
export class LifecycleBar {
	constructor(readonly page: Page) {}

	get bar(): Locator {
		return this.page.getByTestId('lifecycle');
	}

	async expectState(label: string): Promise<void> {
		await expect(this.bar.getByTestId('lifecycle-state')).toHaveText(label);
	}

	/** Submits through the confirmation, which lists the unchecked items; returns how many it listed. */
	async submit(): Promise<number> {
		await this.bar.getByRole('button', { name: '提交', exact: true }).click();
		const dialog = this.page.getByTestId('submit-dialog');
		await expect(dialog).toBeVisible();
		const listed = await dialog.getByTestId('submit-unanswered').locator('li').count();
		await dialog.getByTestId('submit-confirm').click();
		await expect(dialog).toBeHidden();
		return listed;
	}

	/** Opens the signature dialog and waits for the pad (signature_pad loads on first use). */
	async openSignature(): Promise<Locator> {
		await this.bar.getByRole('button', { name: '签字', exact: true }).click();
		const dialog = this.page.getByTestId('signature-dialog');
		await expect(dialog.getByText('请用手指或鼠标在框内写下你的姓名。')).toBeVisible();
		return dialog;
	}

	/** Writes a few strokes on the pad with the mouse. */
	async draw(dialog: Locator): Promise<void> {
		const box = await dialog.getByTestId('signature-pad').boundingBox();
		if (box === null) throw new Error('no signature pad on screen');
		const strokes = [
			[0.1, 0.6, 0.2, 0.3, 0.3, 0.65, 0.35, 0.35],
			[0.45, 0.3, 0.45, 0.7],
			[0.55, 0.5, 0.65, 0.35, 0.75, 0.6, 0.9, 0.4]
		];
		for (const stroke of strokes) {
			await this.page.mouse.move(box.x + box.width * stroke[0]!, box.y + box.height * stroke[1]!);
			await this.page.mouse.down();
			for (let i = 2; i < stroke.length; i += 2)
				await this.page.mouse.move(box.x + box.width * stroke[i]!, box.y + box.height * stroke[i + 1]!, {
					steps: 12
				});
			await this.page.mouse.up();
		}
	}

	async confirmSignature(dialog: Locator): Promise<void> {
		await dialog.getByTestId('sign-confirm').click();
		await expect(dialog).toBeHidden();
	}

	async signByName(): Promise<void> {
		const dialog = await this.openSignature();
		await dialog.getByRole('button', { name: '无法手写？按姓名确认' }).click();
		await expect(dialog.getByTestId('sign-by-name-text')).toBeVisible();
		await this.confirmSignature(dialog);
	}

	signature(name: string): Locator {
		return this.bar.getByTestId('signature').filter({ hasText: name });
	}

	async signOff(): Promise<void> {
		await this.bar.getByRole('button', { name: '签字确认', exact: true }).click();
		await this.expectState('已签字确认');
	}

	/** Re-opens with `reason`; an empty reason is refused first, with the message under the field. */
	async reopen(reason: string): Promise<void> {
		await this.bar.getByRole('button', { name: '重新打开', exact: true }).click();
		const dialog = this.page.getByTestId('reopen-dialog');
		await dialog.getByTestId('reopen-confirm').click();
		await expect(dialog.getByRole('alert')).toHaveText('请填写重新打开的原因。');
		await dialog.getByTestId('reopen-reason').fill(reason);
		await dialog.getByTestId('reopen-confirm').click();
		await expect(dialog).toBeHidden();
	}
}
