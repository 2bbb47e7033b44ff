import { forgetKeptScreens } from '../state/kept-screen-page.ts';
import { en, zh, type MessageKey } from './messages.ts';

export type Locale = 'zh-CN' | 'en';

const STORAGE_KEY = 'xiaoan:locale';
const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** The language this device chose last, in whichever tab: zh-CN unless English. */
export function storedLocale(): Locale {
	return typeof localStorage !== 'undefined' && localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

/** The UI language: zh-CN unless the user chose English on this device. */
class I18n {
	#locale = $state<Locale>(storedLocale());

	get locale(): Locale {
		return this.#locale;
	}

	set locale(locale: Locale) {
		// Screens kept in the other language are not shown again (state/kept-screen.ts).
		if (locale !== this.#locale) void forgetKeptScreens();
		this.#locale = locale;
		localStorage.setItem(STORAGE_KEY, locale);
		document.documentElement.lang = locale;
	}

	/** The message for `key` with `{name}` placeholders filled from `params`. */
	t = (key: MessageKey, params: Record<string, string | number> = {}): string =>
		catalogs[this.#locale][key].replace(/\{(\w+)\}/g, (_, name: string) =>
			String(params[name] ?? `{${name}}`)
		);

	/** A short local date-time in the current language, e.g. 11月29日 19:42. */
	formatTime = (at: number): string =>
		new Intl.DateTimeFormat(this.#locale, {
			month: 'short',
			day: 'numeric',
			hour: '2-digit',
			minute: '2-digit'
		}).format(at);

	/** A `YYYY-MM` month in the current language, e.g. 2026年11月 or November 2026. */
	formatMonth = (month: string): string => {
		const [year, mm] = month.split('-').map(Number);
		if (!year || !mm) return month;
		return new Intl.DateTimeFormat(this.#locale, { year: 'numeric', month: 'long' }).format(
			Date.UTC(year, mm - 1, 15)
		);
	};
}

export const i18n = new I18n();
export const t = i18n.t;
