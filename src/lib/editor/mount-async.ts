/**
 * Mounts something that loads first (a read-only editor view: plan-viewer.ts) from a Svelte
 * `$effect`, and returns the effect's cleanup. A mount that settles after the cleanup ran is
 * destroyed at once, so a page left early leaves no editor behind.
 */
export function mountAsync(start: () => Promise<() => void>, onError: (error: unknown) => void): () => void {
	let stop: (() => void) | null = null;
	let gone = false;
	start().then((destroy) => (gone ? destroy() : (stop = destroy)), onError);
	return () => {
		gone = true;
		stop?.();
	};
}
