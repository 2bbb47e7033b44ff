/**
 * The plan toolbar's tools, apart from the editor so the screen can name them without loading
 * TipTap: the official outline's three heading levels (一、 （一） 1、), text, lists and bold.
 */
export const PLAN_TOOLS = ['h1', 'h2', 'h3', 'paragraph', 'bullet', 'ordered', 'bold'] as const;
export type PlanTool = (typeof PLAN_TOOLS)[number];
export type PlanTools = Readonly<Record<PlanTool, boolean>>;

export const NO_TOOLS: PlanTools = {
	h1: false,
	h2: false,
	h3: false,
	paragraph: false,
	bullet: false,
	ordered: false,
	bold: false
};

export function sameTools(a: PlanTools, b: PlanTools): boolean {
	return PLAN_TOOLS.every((tool) => a[tool] === b[tool]);
}
