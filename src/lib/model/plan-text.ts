/**
 * Reading the text of a Chinese official plan (实施方案) line by line: the numbering of a line, names
 * with padding, lists of names, clauses. Written for the genre, not for one file: full-width and
 * half-width punctuation, 一、 / 一. / （一） / (一) / 1、 / 1. / （1） / (1) / ①, ideographic spaces.
 * Pure functions; plan-import.ts builds the outline from them, plan-derive*.ts the proposals.
 */

/** The numbering styles of the official outline, by rank: 一、 above （一） above 1、 above （1） above ①. */
export type NumberStyle = 'cn' | 'cn-paren' | 'arabic' | 'arabic-paren' | 'circled';

export interface Numbering {
	style: NumberStyle;
	/** 1 for 一、 … 5 for ①: the official rank of the style, not the level in this plan. */
	rank: number;
	/** The number as written, spaces removed: "一、", "（一）", "1.", "(1)". */
	number: string;
	/** The text after the number, trimmed. */
	rest: string;
}

const CN = '[一二三四五六七八九十百零〇]{1,4}';
const DIGITS = '[0-9０-９]{1,2}';
const SPACE = '[\\s\\u3000]*';

/** Each style with its pattern; the first that matches wins, so parenthesised forms come first. */
const STYLES: readonly { style: NumberStyle; rank: number; pattern: RegExp }[] = [
	{ style: 'cn-paren', rank: 2, pattern: new RegExp(`^([（(]${SPACE}${CN}${SPACE}[)）]、?)`, 'u') },
	{ style: 'arabic-paren', rank: 4, pattern: new RegExp(`^([（(]${SPACE}${DIGITS}${SPACE}[)）]、?)`, 'u') },
	// "一、二年级学生…" starts with a list of grades, not a number.
	{ style: 'cn', rank: 1, pattern: new RegExp(`^(${CN}${SPACE}[、.．])(?!${CN}(?:、|年级))`, 'u') },
	// A decimal ("1.5米") is not a number; "1)" is the half-width cousin of （1）.
	{ style: 'arabic-paren', rank: 4, pattern: new RegExp(`^(${DIGITS}${SPACE}[)）])`, 'u') },
	{ style: 'arabic', rank: 3, pattern: new RegExp(`^(${DIGITS}${SPACE}[、.．])(?![0-9０-９])`, 'u') },
	{ style: 'circled', rank: 5, pattern: /^([\u2460-\u2473])/u }
];

/** The numbering a line starts with, or null. `line` is trimmed. */
export function numbering(line: string): Numbering | null {
	for (const { style, rank, pattern } of STYLES) {
		const match = pattern.exec(line);
		if (!match?.[1]) continue;
		const rest = line.slice(match[1].length).trim();
		if (rest === '') return null;
		return { style, rank, number: stripSpaces(match[1]), rest };
	}
	return null;
}

/** Every kind of space, including the ideographic one (U+3000) and no-break spaces. */
export const SPACES = /[\s\u3000\u00a0\u2002-\u200b]+/gu;

export function stripSpaces(text: string): string {
	return text.replace(SPACES, '');
}

/** Lines of a text, trimmed (ideographic indentation too), without empty ones. */
export function splitLines(text: string): string[] {
	return text
		.replace(/^\ufeff/u, '')
		.split(/\r\n|\r|\n|\u2028|\u2029/u)
		.map((line) => line.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/gu, ''))
		.filter((line) => line !== '');
}

/** Sentence ends: where a heading cannot continue. */
const SENTENCE_END = /[。；;！!？?]/u;
const TRAILING = /[。：:；;，,.．！!？?、\s\u3000]+$/u;

/** A title without its trailing punctuation ("共同职责：" → "共同职责"). */
export function bareTitle(text: string): string {
	return text.replace(TRAILING, '');
}

/** Longest heading title, in characters. Longer numbered lines are list items. */
export const TITLE_MAX = 36;

/**
 * Whether the text after a number reads as a heading: short, one phrase, no sentence inside
 * ("召开校长办公会，强化组织领导。" is; "排查校舍隐患。学校围墙…" is not).
 */
export function isTitleLike(text: string): boolean {
	const bare = bareTitle(text);
	return bare.length > 0 && bare.length <= TITLE_MAX && !SENTENCE_END.test(bare) && !/[：:]/u.test(bare);
}

/**
 * A heading run into its paragraph ("加强组织领导。学校成立…"): the heading with its punctuation and
 * the rest, or null when the text does not start with a short phrase.
 */
export function runInSplit(text: string): { head: string; rest: string } | null {
	const match = /^([^。：:；;！!？?]{1,20}[。：:])(.+)$/u.exec(text);
	if (!match?.[1] || !match[2]) return null;
	return { head: match[1], rest: match[2].trim() };
}

/** Sentences ending in 。；！？ (the mark kept), trimmed. */
export function sentences(text: string): string[] {
	return (text.match(/[^。；;！!？?]+[。；;！!？?]?/gu) ?? []).map((s) => s.trim()).filter(Boolean);
}

/** Clauses between commas and sentence marks, trimmed, marks dropped. */
export function clauses(text: string): string[] {
	return text
		.split(/[，,。；;！!？?]/u)
		.map((c) => c.trim())
		.filter(Boolean);
}

/** Text in parentheses is commentary ("王晓芳（校长）"): dropped when reading names. */
export function dropParenthesised(text: string): string {
	return text.replace(/[（(][^）)]*[）)]/gu, '');
}
