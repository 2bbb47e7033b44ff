import type { HandleClientError } from '@sveltejs/kit';

/**
 * An unknown address is an ordinary event (a mistyped or old link), answered by +error.svelte's
 * not-found page: it is not logged as an error. Real failures are, for developers; people see the
 * localized page, never this text.
 */
export const handleError: HandleClientError = ({ error, status }) => {
	if (status !== 404) console.error(error);
	return { message: status === 404 ? 'not found' : 'error' };
};
