import type { BrowserContextOptions } from '@playwright/test';

/** A phone-sized context in Chinese, for the screens inspectors use in the field. */
export const PHONE: BrowserContextOptions = {
	viewport: { width: 390, height: 844 },
	deviceScaleFactor: 2,
	isMobile: true,
	hasTouch: true,
	locale: 'zh-CN'
};
