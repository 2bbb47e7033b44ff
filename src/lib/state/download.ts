import { FILE_EXTENSION } from '../sync/workspace-file.ts';

/** Hands `bytes` to the browser as a downloaded file named `filename`. */
export function download(bytes: Uint8Array, filename: string, type = 'application/octet-stream'): void {
	downloadBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), filename);
}

/** Hands `blob` to the browser as a downloaded file named `filename`. */
export function downloadBlob(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	document.body.append(link);
	link.click();
	link.remove();
	// The download has started from the click; revoking later keeps slow browsers safe.
	setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `校安-<school>-<local date>.xiaoan`, without characters that file systems refuse. */
export function exportFileName(school: string, at: number): string {
	const safe = school.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60) || 'workspace';
	const date = new Date(at);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `校安-${safe}-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}${FILE_EXTENSION}`;
}
