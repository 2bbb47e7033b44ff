const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** An area's number as the plan writes it: （一）（二）…, then Arabic numerals past ten. */
export function areaNumeral(index: number): string {
	return `（${CHINESE_NUMERALS[index] ?? index + 1}）`;
}

/** An item's number in its round: area and item, from 1 (`3.2`), the same on every screen and paper. */
export function itemNumber(areaIndex: number, itemIndex: number): string {
	return `${areaIndex + 1}.${itemIndex + 1}`;
}
