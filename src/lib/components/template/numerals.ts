const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** An area's number as the plan writes it: （一）（二）…, then Arabic numerals past ten. */
export function areaNumeral(index: number): string {
	return `（${CHINESE_NUMERALS[index] ?? index + 1}）`;
}
