/**
 * The code in what a person typed or pasted into a code field: people paste the whole link they
 * were sent (`https://…/join/ABCD…`) as often as the code itself.
 */
export function codeFromInput(input: string): string {
	const text = input.trim();
	const link = /\/join\/([^/?#\s]+)/.exec(text);
	if (link?.[1]) {
		try {
			return decodeURIComponent(link[1]);
		} catch {
			return link[1];
		}
	}
	return text;
}
