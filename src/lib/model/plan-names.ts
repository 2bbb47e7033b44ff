import { dropParenthesised, stripSpaces } from './plan-text.ts';

/**
 * People, posts and units as a plan writes them. Two-character names are padded to line up with
 * three-character ones ("黄  春", "黄\u3000春"); lists are separated by 、，, or by spaces; a post may stand
 * where no name is given ("校长", "各处室主任") and is kept as written: nothing here invents a name.
 */

/** A person's name: two to four Han characters (or a name with the middle dot of minorities). */
const NAME = /^[\p{Script=Han}·]{2,4}$/u;

/** How posts end (校长, 党支部书记, 政教处主任, 班主任, 年级组长 …). */
const POST_END = /(?:校长|书记|主任|组长|处长|科长|园长|老师|教师|会计|校医|主席|干事|委员|负责人|同志)$/u;

/** How units end (总务处, 教技室, 人事科, 年级组, 团委, 工会, 后勤服务中心 …). */
const UNIT_END = /(?:处|室|科|组|部|办|中心|委|会|队|站|馆|所|团|食堂)$/u;

export function isPost(text: string): boolean {
	return POST_END.test(text);
}

/** A department or other unit of the school (not a post, not a person). */
export function isUnit(text: string): boolean {
	return UNIT_END.test(text) && !isPost(text);
}

/** Whether a token is a plain person's name (not a post, not a unit). */
export function isPersonName(text: string): boolean {
	return NAME.test(text) && !isPost(text) && !isUnit(text);
}

/**
 * "校长王晓芳" → "王晓芳"; "分管副校长" and "校长室主任" stay as written. Only a post followed by
 * a plain name is split, so a post alone is kept whole.
 */
export function withoutPost(text: string): string {
	const match = /^(.*?(?:校长|书记|主任|组长|处长|科长|园长|老师))([\p{Script=Han}·]{2,4})$/u.exec(text);
	if (match?.[2] && isPersonName(match[2])) return match[2];
	return text;
}

/**
 * One entry of a list: spaces and commentary dropped, "同志" and a closing "等" (etc.) dropped, a
 * leading post split off.
 */
export function cleanEntry(text: string): string {
	const bare = stripSpaces(dropParenthesised(text))
		.replace(/(?<=.{2})等(?:人|同志)?$/u, '')
		.replace(/同志$/u, '')
		.replace(/^[：:、，,]+|[。；;：:、，,]+$/gu, '');
	return withoutPost(bare);
}

/**
 * A list of names or posts: "薛建平 章方辉", "王晓华、周尹尹、黄  春", "曹  祺 侯燕婷",
 * "各处室主任和年级组长", "党支部书记、校长陈刚". Separated by punctuation, each entry loses its
 * padding; separated by spaces only, single characters left by padding are joined again ("黄",
 * "春" → "黄春"). A post standing before a name is the name's ("校长 王晓芳" → "王晓芳"; in
 * "党支部书记、校长陈刚" both posts are 陈刚's).
 */
export function splitNames(text: string): string[] {
	const value = dropParenthesised(text).trim();
	const bySpaces = !/[、，,；;/]/u.test(value);
	const parts = bySpaces ? spaceSeparated(value) : value.split(/[、，,；;/]/u);
	const entries = parts
		.flatMap((part) => part.split(AND_AFTER_POST))
		.map((part) => stripSpaces(part))
		.filter((part) => part !== '' && part !== '等');
	return entries
		.filter((entry, i) => !(isPost(entry) && isPostOfNext(entries[i + 1] ?? '', bySpaces)))
		.map(cleanEntry)
		.filter((entry) => entry !== '');
}

/**
 * Whether a post is the title of the entry after it: "校长陈刚" after "党支部书记、"; a plain name
 * after a post and a space ("校长 王晓芳"). A post before another post is an entry of its own.
 */
function isPostOfNext(next: string, bySpaces: boolean): boolean {
	return withoutPost(next) !== next || (bySpaces && isPersonName(next));
}

/** "和" between posts or units ("各处室主任和年级组长"), never inside a name ("王和平"). */
const AND_AFTER_POST = /(?<=[处室科组任长记师员])[和及与]/u;

/** Space-separated tokens, with padding undone: a lone character belongs to its neighbour. */
function spaceSeparated(value: string): string[] {
	const tokens = value.split(/[\s\u3000\u00a0]+/u).filter(Boolean);
	const joined: string[] = [];
	for (let i = 0; i < tokens.length; i++) {
		const token = tokens[i] ?? '';
		const next = tokens[i + 1];
		if (token.length === 1 && next?.length === 1) {
			joined.push(token + next);
			i++;
		} else if (token.length === 1 && joined.length > 0) {
			joined[joined.length - 1] += token;
		} else joined.push(token);
	}
	return joined;
}

/** Owner units of a domain: "总务处和安保处", "教技室、总务处和安保处", "安保处、德育处". */
export function splitUnits(text: string): string[] {
	return text
		.split(/[、，,；;/]|以及|和|与|及/u)
		.map((part) => stripSpaces(dropParenthesised(part)))
		.filter((part) => part !== '');
}

/** Supporting units said vaguely ("其他相关科室", "有关部门") name nobody in particular. */
export function isVague(text: string): boolean {
	return /^(?:其他|其它|相关|有关|各相关|各有关)/u.test(text) || /^(?:各)?(?:部门|科室|处室)$/u.test(text);
}
