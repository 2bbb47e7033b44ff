import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'svelte/compiler';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../src/lib/api/error.ts';
import { SYNC_REFUSAL_MESSAGES } from '../../src/lib/i18n/errors.ts';
import { en, zh } from '../../src/lib/i18n/messages.ts';
import { CloseCode } from '../../src/lib/sync/wire.ts';
import { MODEL_ERROR_CODES, MODEL_FIELDS, MODEL_RECORDS } from '../../src/lib/model/errors.ts';

/**
 * The message catalogue is the only source of words a person reads. This finds what slips past
 * it: literal text in markup, keys that do not exist, error codes without a message, and
 * translations whose placeholders differ. The last test plants violations to prove the checks
 * catch them.
 */

const ROOT = join(import.meta.dirname, '../..');
const catalogs = { zh: zh as Record<string, string>, en: en as Record<string, string> };
const keys = new Set(Object.keys(zh));

/** Visible words: Latin letters or CJK ideographs. Punctuation such as ' · ' is fine as it is. */
const WORDS = /[A-Za-z\p{Script=Han}]/u;
/** Attributes a person reads or hears (screen readers). */
const READ_ATTRIBUTES = new Set([
	'placeholder',
	'title',
	'alt',
	'label',
	'aria-label',
	'aria-description',
	'aria-placeholder',
	'aria-roledescription',
	'aria-valuetext'
]);
/** Literal text that may stay literal: `file: text`. Keep it empty unless there is no other way. */
const ALLOWED = new Set<string>([]);

function files(dir: string, test: (name: string) => boolean): string[] {
	return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
		.filter(test)
		.map((name) => join(dir, name));
}

interface Node {
	type: string;
	[key: string]: unknown;
}

const isNode = (value: unknown): value is Node =>
	typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';

/**
 * A string literal or a template literal with words in it, used as text instead of `t(…)`; also
 * in the branches of `a ? 'x' : …` and `a || 'x'`, whose value is what shows.
 */
function literalWords(expression: unknown): string | null {
	if (!isNode(expression)) return null;
	if (expression.type === 'ConditionalExpression')
		return literalWords(expression.consequent) ?? literalWords(expression.alternate);
	if (expression.type === 'LogicalExpression')
		return literalWords(expression.left) ?? literalWords(expression.right);
	if (expression.type === 'Literal' && typeof expression.value === 'string' && WORDS.test(expression.value))
		return expression.value;
	if (expression.type === 'TemplateLiteral') {
		const quasis = (expression.quasis as { value: { cooked: string } }[])
			.map((q) => q.value.cooked)
			.join('…');
		if (WORDS.test(quasis)) return quasis;
	}
	return null;
}

/** Text nodes and read attributes in a component's markup that hold words but not `t(…)`. */
function checkSvelte(file: string, source: string): string[] {
	const found: string[] = [];
	const report = (text: string) => {
		const entry = `${file}: ${text.trim()}`;
		if (!ALLOWED.has(entry)) found.push(entry);
	};
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) return node.forEach(visit);
		if (!isNode(node)) return;
		if (node.type === 'Text' && WORDS.test(node.data as string)) return report(node.data as string);
		if (node.type === 'ExpressionTag') {
			const words = literalWords(node.expression);
			if (words !== null) report(words);
			return;
		}
		if (node.type === 'Attribute') {
			// Other attributes (class, name, type, autocomplete …) are for the browser, not people.
			if (!READ_ATTRIBUTES.has(node.name as string) || node.value === true) return;
			// `name="a {b}"` is a list of parts, `name={b}` a single expression tag.
			for (const part of [node.value].flat() as Node[]) {
				if (part.type === 'Text' && WORDS.test(part.data as string))
					report(`${node.name as string}="${part.data as string}"`);
				const words = part.type === 'ExpressionTag' ? literalWords(part.expression) : null;
				if (words !== null) report(`${node.name as string}={${words}}`);
			}
			return;
		}
		for (const [key, value] of Object.entries(node)) {
			// Scripts and styles are not markup; expressions are checked where they are text.
			if (key !== 'expression' && typeof value === 'object') visit(value);
		}
	};
	visit(parse(source, { modern: true }).fragment);
	return found;
}

/** `t('key')` with a literal key missing from the catalogue; `t(\`prefix.${x}\`)` with no key of that shape. */
function checkKeys(file: string, source: string): string[] {
	const found: string[] = [];
	for (const match of source.matchAll(/\bt\(\s*(?:'([^']*)'|"([^"]*)"|`([^`]*)`)/g)) {
		const [, single, double, template] = match;
		const literal = single ?? double;
		if (literal !== undefined) {
			if (!keys.has(literal)) found.push(`${file}: t('${literal}')`);
			continue;
		}
		const pattern = (template ?? '')
			.split(/\$\{[^}]*\}/)
			.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
			.join('[\\w.-]+');
		if (![...keys].some((key) => new RegExp(`^${pattern}$`).test(key)))
			found.push(`${file}: t(\`${template}\`)`);
	}
	return found;
}

/** Every error code the server sources can send: account refusals, HTTP refusals, raw JSON errors. */
function serverErrorCodes(): Set<string> {
	const codes = new Set<string>();
	const patterns = [
		/new AccountError\(\s*'(\w+)'/g,
		/new ApiError\(\s*\d+,\s*'(\w+)'/g,
		/sendError\(\s*\w+,\s*\d+,\s*'(\w+)'/g,
		/\berror:\s*'(\w+)'/g
	];
	for (const file of files('sync-server', (name) => name.endsWith('.ts'))) {
		const source = readFileSync(join(ROOT, file), 'utf8');
		for (const pattern of patterns) for (const [, code] of source.matchAll(pattern)) codes.add(code!);
	}
	// The declared union too, so a code added there but thrown through a variable is not missed.
	const types = readFileSync(join(ROOT, 'sync-server/accounts/types.ts'), 'utf8');
	const union = /type AccountErrorCode =([^;]*);/.exec(types)?.[1] ?? '';
	for (const [, code] of union.matchAll(/'(\w+)'/g)) codes.add(code!);
	return codes;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
	const svelteFiles = files('src', (name) => name.endsWith('.svelte'));

	it('has no literal words in markup', () => {
		expect(svelteFiles.length).toBeGreaterThan(10);
		const found = svelteFiles.flatMap((file) => checkSvelte(file, readFileSync(join(ROOT, file), 'utf8')));
		expect(found).toEqual([]);
	});

	it('defines each key in one file only (a second one would silently win the spread)', async () => {
		const parts = files('src/lib/i18n', (name) => name.endsWith('-messages.ts'));
		expect(parts.length).toBeGreaterThan(5);
		const owner = new Map<string, string>();
		const twice: string[] = [];
		for (const file of parts) {
			const module = (await import(join(ROOT, file))) as Record<string, Record<string, string>>;
			const zhPart = Object.entries(module).find(([name]) => name.endsWith('Zh'))?.[1] ?? {};
			for (const key of Object.keys(zhPart)) {
				const first = owner.get(key);
				if (first !== undefined) twice.push(`${key}: ${first} and ${file}`);
				owner.set(key, file);
			}
		}
		expect(twice).toEqual([]);
	});

	it('has every key passed to t()', () => {
		const sources = files('src', (name) => /\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts'));
		const found = sources.flatMap((file) => checkKeys(file, readFileSync(join(ROOT, file), 'utf8')));
		expect(found).toEqual([]);
	});

	it('has a message in both languages for every model error, field and record', () => {
		const needed = [
			...MODEL_ERROR_CODES.map((code) => `error.model.${code}`),
			...MODEL_FIELDS.map((field) => `field.${field}`),
			...MODEL_RECORDS.map((record) => `record.${record}`)
		];
		for (const [language, catalog] of Object.entries(catalogs)) {
			expect(
				needed.filter((key) => !catalog[key]?.trim()),
				language
			).toEqual([]);
		}
	});

	it('has a message in both languages for every code the server sends', () => {
		const listed = new Set<string>(API_ERROR_CODES);
		const sent = serverErrorCodes();
		expect(sent.size).toBeGreaterThan(15);
		expect([...sent].filter((code) => !listed.has(code))).toEqual([]);
		for (const [language, catalog] of Object.entries(catalogs)) {
			expect(
				API_ERROR_CODES.filter((code) => !catalog[`error.api.${code}`]?.trim()),
				language
			).toEqual([]);
		}
		// Session problems (WebSocket close reasons) reach people as `problem.<reason>`.
		const session = readFileSync(join(ROOT, 'src/lib/state/session.svelte.ts'), 'utf8');
		const problems = [...(/type SessionProblem =([^;]*);/.exec(session)?.[1] ?? '').matchAll(/'(\w+)'/g)];
		expect(problems.length).toBeGreaterThan(0);
		for (const [, problem] of problems) expect(keys.has(`problem.${problem}`), problem).toBe(true);
	});

	it('has a message for every close code by which the server refuses updates', () => {
		const handledElsewhere = new Set<number>([
			CloseCode.badRoom,
			CloseCode.unauthorized,
			CloseCode.forbidden
		]);
		const refusals = Object.values(CloseCode).filter((code) => code >= 4000 && !handledElsewhere.has(code));
		expect(refusals.length).toBeGreaterThan(3);
		for (const code of refusals) {
			if (code === CloseCode.rateLimited) continue; // retried after a back-off; nothing to say
			const key = (SYNC_REFUSAL_MESSAGES as Partial<Record<number, string>>)[code];
			expect(key, String(code)).toBeDefined();
			for (const catalog of Object.values(catalogs)) expect(catalog[key!]?.trim(), key).toBeTruthy();
		}
	});

	it('has the same keys and placeholders in zh and en', () => {
		expect(Object.keys(en).sort()).toEqual([...keys].sort());
		const differing = [...keys].filter(
			(key) => placeholders(catalogs.zh[key]!).join() !== placeholders(catalogs.en[key]!).join()
		);
		expect(differing).toEqual([]);
	});

	it('catches planted violations', () => {
		const planted = `<script lang="ts">import { t } from '$lib/i18n/i18n.svelte';</script>
<p>Round title</p>
<p>{'合格'}</p>
<p>{done ? t('round.back') : 'Not yet'}</p>
<input placeholder="名字" aria-label={\`Note \${1}\`} class="input" />
<button title={t('round.back')}>{t('round.new.create')} · {1}</button>
{#if true}<span>未检查</span>{/if}`;
		expect(checkSvelte('Planted.svelte', planted).map((entry) => entry.split(': ')[1])).toEqual([
			'Round title',
			'合格',
			'Not yet',
			'placeholder="名字"',
			'aria-label={Note …}',
			'未检查'
		]);
		const code = "t('round.back'); t('no.such.key'); t(`role.${role}`); t(`nope.${x}`)";
		expect(checkKeys('planted.ts', code)).toEqual([
			"planted.ts: t('no.such.key')",
			'planted.ts: t(`nope.${x}`)'
		]);
	});
});
