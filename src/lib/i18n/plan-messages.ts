/**
 * Messages of the plan screen (方案): the editor's toolbar, who may edit, the empty plan.
 * Spread into the catalogue in messages.ts.
 */
export const planZh = {
	'plan.heading': '实施方案',
	'plan.editorLabel': '实施方案正文',
	'plan.loading': '正在打开方案…',
	'plan.loadFailed': '编辑器没能打开。请联网后刷新页面再试；方案内容都保存在本机，不会丢失。',
	'plan.toolbar': '格式',
	'plan.tool.h1': '一、',
	'plan.tool.h2': '（一）',
	'plan.tool.h3': '1、',
	'plan.tool.paragraph': '正文',
	'plan.tool.bullet': '• 列表',
	'plan.tool.ordered': '1. 编号',
	'plan.tool.bold': '加粗',
	'plan.toolTitle.h1': '一级标题，如“一、指导思想”',
	'plan.toolTitle.h2': '二级标题，如“（一）校长职责”',
	'plan.toolTitle.h3': '三级标题，如“1、共同职责”',
	'plan.toolTitle.paragraph': '正文段落',
	'plan.toolTitle.bullet': '项目符号列表',
	'plan.toolTitle.ordered': '编号列表',
	'plan.toolTitle.bold': '加粗（Ctrl+B）',
	'plan.print': '打印',
	'plan.readOnly.role': '只读：方案由领导小组和办公室编辑，你可以随时查看。',
	'plan.readOnly.phone': '手机上只能查看方案。要修改，请在电脑或平板上打开“方案”。',
	'plan.empty.title': '方案还是空的',
	'plan.empty.type':
		'可以直接在下面输入。标题请写上序号，并用工具栏设为对应级别：“一、”为一级，“（一）”为二级，“1、”为三级；其余用“正文”。',
	'plan.empty.importHere':
		'已有 Word（.docx）或文本（.txt）文件，或复制好的全文？点“导入方案”，预览提纲后导入：',
	'plan.empty.import': '也可以请管理员在服务器上运行下面的命令导入，导入后这里会自动显示：',
	'plan.empty.file': '方案.docx',
	'plan.empty.reader': '领导小组或办公室填写方案后，会显示在这里。',
	'plan.notYetHere': '本机还没有方案内容。联网后会自动下载并显示在这里。'
} as const;

export const planEn: Record<keyof typeof planZh, string> = {
	'plan.heading': 'Safety plan',
	'plan.editorLabel': 'Text of the safety plan',
	'plan.loading': 'Opening the plan…',
	'plan.loadFailed':
		'The editor could not be opened. Connect and reload the page to try again; the plan is kept on this device.',
	'plan.toolbar': 'Format',
	'plan.tool.h1': 'H1',
	'plan.tool.h2': 'H2',
	'plan.tool.h3': 'H3',
	'plan.tool.paragraph': 'Text',
	'plan.tool.bullet': '• List',
	'plan.tool.ordered': '1. List',
	'plan.tool.bold': 'Bold',
	'plan.toolTitle.h1': 'Level 1 heading, numbered 一、',
	'plan.toolTitle.h2': 'Level 2 heading, numbered （一）',
	'plan.toolTitle.h3': 'Level 3 heading, numbered 1、',
	'plan.toolTitle.paragraph': 'Body text',
	'plan.toolTitle.bullet': 'Bulleted list',
	'plan.toolTitle.ordered': 'Numbered list',
	'plan.toolTitle.bold': 'Bold (Ctrl+B)',
	'plan.print': 'Print',
	'plan.readOnly.role':
		'Read-only: the leadership group and the office edit the plan; you can read it any time.',
	'plan.readOnly.phone': 'On a phone the plan is read-only. To change it, open Plan on a computer or tablet.',
	'plan.empty.title': 'The plan is empty',
	'plan.empty.type':
		'Type it below. Write each heading with its number and set its level in the toolbar: 一、 is level 1, （一） level 2, 1、 level 3; the rest is Text.',
	'plan.empty.importHere':
		'Have it as a Word (.docx) or text (.txt) file, or copied text? Choose Import plan, check the outline, and import it:',
	'plan.empty.import': 'Or ask the administrator to run this on the server; it appears here once imported:',
	'plan.empty.file': 'plan.docx',
	'plan.empty.reader': 'The plan appears here once the leadership group or the office has written it.',
	'plan.notYetHere': 'The plan is not on this device yet. It downloads and appears here once you are online.'
};
