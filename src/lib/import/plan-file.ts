/**
 * The text of a plan file, for parsePlan (src/lib/model/plan-import.ts): `.txt` in UTF-8 (with or
 * without a BOM), UTF-16 with a BOM, or GB18030/GBK as Windows Notepad saves Chinese text; `.docx`
 * through mammoth, loaded on first use (≈ 90 kB gz), one line per paragraph. Works on bytes, so the
 * admin CLI (Node) and a browser page share it.
 *
 * Word's automatic numbering is not text in a `.docx` (mammoth gives the paragraph without it):
 * plans that type their numbers ("一、", "（一）") keep them, auto-numbered ones lose them.
 */

export type PlanFileErrorCode = 'unsupported_type' | 'unreadable_docx' | 'unreadable_text' | 'empty';

/** Why a file gave no plan text. `message` is English, for the operator CLI and logs. */
export class PlanFileError extends Error {
	override name = 'PlanFileError';
	constructor(
		readonly code: PlanFileErrorCode,
		message: string
	) {
		super(message);
	}
}

export type PlanFileKind = 'txt' | 'docx';

/** The kind of a plan file by its name, or a refusal saying what to do instead. */
export function planFileKind(name: string): PlanFileKind {
	const extension = /\.([^./\\]+)$/u.exec(name)?.[1]?.toLowerCase() ?? '';
	if (extension === 'txt' || extension === 'text') return 'txt';
	if (extension === 'docx') return 'docx';
	if (extension === 'doc' || extension === 'wps')
		throw new PlanFileError(
			'unsupported_type',
			`.${extension} files cannot be read: open the plan in Word or WPS and save it as .docx or as plain text (.txt)`
		);
	throw new PlanFileError(
		'unsupported_type',
		`${extension === '' ? 'a file without an extension' : `.${extension} files`} cannot be read: only .txt and .docx plans can be imported`
	);
}

/** The plan's text: lines separated by "\n". Refuses files with no text. */
export async function planTextFromFile(name: string, bytes: Uint8Array): Promise<string> {
	const text = planFileKind(name) === 'docx' ? await docxText(bytes) : decodeText(bytes);
	if (text.trim() === '') throw new PlanFileError('empty', 'no text in the file');
	return text;
}

/** Text in the encodings Chinese plans come in: a BOM decides, else UTF-8, else GB18030. */
export function decodeText(bytes: Uint8Array): string {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
	// A NUL byte never occurs in UTF-8 or GB18030 text: a binary file renamed .txt.
	if (bytes.includes(0))
		throw new PlanFileError('unreadable_text', 'not plain text: save the plan as .txt or .docx');
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return new TextDecoder('gb18030').decode(bytes);
	}
}

async function docxText(bytes: Uint8Array): Promise<string> {
	const mammoth = (await import('mammoth')).default;
	try {
		const { value } = await mammoth.extractRawText(docxInput(bytes));
		return value;
	} catch (error) {
		throw new PlanFileError(
			'unreadable_docx',
			`not a readable .docx (${docxProblem(error)}): open it in Word or WPS and save it again as .docx, or as plain text (.txt)`
		);
	}
}

/** mammoth's reason, short: JSZip's own points at its documentation. */
function docxProblem(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	if (/central directory|zip/iu.test(message)) return 'not a zip archive';
	return message.split(/\n|\. /u)[0] ?? message;
}

/** mammoth reads a Buffer in Node and an ArrayBuffer in the browser. */
function docxInput(bytes: Uint8Array): { buffer: Buffer } | { arrayBuffer: ArrayBuffer } {
	const copy = bytes.slice().buffer;
	return typeof Buffer === 'undefined' ? { arrayBuffer: copy } : { buffer: Buffer.from(copy) };
}
