/**
 * The plan toolbar's tools, apart from the editor so the screen can name them without loading
 * TipTap: the official outline's three heading levels (一、 （一） 1、), text, lists, bold, and a
 * table (active while the caret is in one).
 */
export const PLAN_TOOLS = ['h1', 'h2', 'h3', 'paragraph', 'bullet', 'ordered', 'bold', 'table'] as const;
export type PlanTool = (typeof PLAN_TOOLS)[number];
export type PlanTools = Readonly<Record<PlanTool, boolean>>;

export const NO_TOOLS: PlanTools = {
	h1: false,
	h2: false,
	h3: false,
	paragraph: false,
	bullet: false,
	ordered: false,
	bold: false,
	table: false
};

/** What the toolbar offers while the caret is in a table: rows and columns after it, or gone. */
export const PLAN_TABLE_ACTIONS = [
	'rowAdd',
	'rowDelete',
	'columnAdd',
	'columnDelete',
	'tableDelete'
] as const;
export type PlanTableAction = (typeof PLAN_TABLE_ACTIONS)[number];

export function sameTools(a: PlanTools, b: PlanTools): boolean {
	return PLAN_TOOLS.every((tool) => a[tool] === b[tool]);
}
