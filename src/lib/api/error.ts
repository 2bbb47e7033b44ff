/**
 * A refusal from the HTTP API: the HTTP `status` and a stable error `code` (the body's `error`).
 * The server throws it to answer; the browser client gets it back, or `code` `network` when the
 * server could not be reached.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'ApiError';
	}

	/** The request never reached the server (the device is offline). */
	get offline(): boolean {
		return this.code === 'network';
	}
}
