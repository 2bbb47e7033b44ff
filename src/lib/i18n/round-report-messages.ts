/**
 * Messages around a round's report (the toolbar, the print view's screen parts); the printed
 * form's own words are the school's, in src/lib/export/round-report.ts. Spread into the catalogue
 * in messages.ts.
 */
export const roundReportZh = {
	'roundReport.toolbar': '打印 / 导出',
	'roundReport.open': '打印 / 导出',
	'roundReport.xlsx': '导出 Excel',
	'roundReport.print': '打印',
	'roundReport.writing': '正在生成文件…',
	'roundReport.title': '打印检查登记表',
	'roundReport.back': '返回检查',
	'roundReport.hint': '打印时选择 A4 纵向；应用的导航和这些按钮不会打印。',
	'roundReport.photosPending':
		'还有 {n} 张照片未显示（待上传或未下载），打印出来会是占位框。请联网稍候，照片到达后会自动出现。',
	'roundReport.absent': '这台设备上还没有这次检查。请联网后先打开这次检查，再来打印。',
	'roundReport.openRound': '打开这次检查',
	'roundReport.signatureOf': '{name}的签名'
};

export const roundReportEn: Record<keyof typeof roundReportZh, string> = {
	'roundReport.toolbar': 'Print / export',
	'roundReport.open': 'Print / export',
	'roundReport.xlsx': 'Export Excel',
	'roundReport.print': 'Print',
	'roundReport.writing': 'Writing the file…',
	'roundReport.title': 'Print the inspection record',
	'roundReport.back': 'Back to the round',
	'roundReport.hint':
		"Print on A4 portrait; the app's navigation and these buttons are not printed. The form itself stays in Chinese, as the school files it.",
	'roundReport.photosPending':
		'{n} photos are not shown yet (waiting to be uploaded, or not downloaded) and would print as placeholders. Go online and wait a moment: they appear by themselves.',
	'roundReport.absent':
		'This round is not on this device yet. Go online and open the round first, then print it.',
	'roundReport.openRound': 'Open the round',
	'roundReport.signatureOf': 'Signature of {name}'
};
