import { expect, type Locator, type Page } from '@playwright/test';

/** 方案's meeting aids: the panel (desktop) or sheet (phone) of comments and decisions. */
export class PlanMeetingPage {
	constructor(readonly page: Page) {}

	/**
	 * Selects `text` inside the plan's text, as a mouse drag or a long press does: the page's own
	 * selection, which the read-only editor of a phone has too.
	 */
	async select(text: string): Promise<void> {
		await this.page.getByTestId('plan-editor').evaluate((editor, wanted) => {
			const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const at = node.textContent?.indexOf(wanted) ?? -1;
				if (at < 0) continue;
				const range = document.createRange();
				range.setStart(node, at);
				range.setEnd(node, at + wanted.length);
				const selection = document.getSelection();
				selection?.removeAllRanges();
				selection?.addRange(range);
				return;
			}
			throw new Error(`no text node holds ${wanted}`);
		}, text);
	}

	/** Selects `passage`, presses 评论所选文字, writes `text` and posts it. */
	async comment(passage: string, text: string): Promise<void> {
		await this.select(passage);
		await this.page.getByTestId('comment-selection').click();
		await expect(this.page.getByTestId('comment-draft')).toContainText(passage);
		await this.page.getByTestId('comment-input').fill(text);
		await this.page.getByTestId('comment-post').click();
	}

	/** A thread (open or resolved) whose first comment holds `text`. */
	thread(text: string): Locator {
		return this.page.getByTestId('comment-thread').filter({ has: this.page.getByText(text) });
	}

	/** A passage drawn as commented in the text. */
	passage(text: string): Locator {
		return this.page.getByTestId('plan-editor').locator('.plan-comment', { hasText: text });
	}

	async view(view: 'comments' | 'decisions'): Promise<void> {
		await this.page.getByTestId(`meeting-view-${view}`).click();
	}

	decision(text: string): Locator {
		return this.page.getByTestId('decision').filter({ hasText: text });
	}

	/** Opens the phone's sheet on `view`. */
	async openSheet(view: 'comments' | 'decisions'): Promise<void> {
		await this.page.getByTestId(`meeting-open-${view}`).click();
		await expect(this.page.getByTestId('meeting-sheet')).toBeVisible();
	}
}
