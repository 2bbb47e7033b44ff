/**
 * Messages of the ledger's exports and print view (the interface around them; the printed form's
 * own words are the bureau's, in src/lib/export). Spread into the catalogue in messages.ts.
 */
export const exportZh = {
	'ledgerExport.label': '导出台账',
	'ledgerExport.xlsx': '导出 Excel',
	'ledgerExport.csv': '导出 CSV',
	'ledgerExport.print': '打印台账',
	'ledgerExport.writing': '正在生成文件…',
	'ledgerPrint.title': '打印台账',
	'ledgerPrint.print': '打印',
	'ledgerPrint.back': '返回台账',
	'ledgerPrint.month': '按月',
	'ledgerPrint.semester': '按学期',
	'ledgerPrint.count': '本期共 {n} 条隐患',
	'ledgerPrint.hint': '打印时选择 A4 横向；应用的导航和这些按钮不会打印。'
};

export const exportEn: Record<keyof typeof exportZh, string> = {
	'ledgerExport.label': 'Export the ledger',
	'ledgerExport.xlsx': 'Export Excel',
	'ledgerExport.csv': 'Export CSV',
	'ledgerExport.print': 'Print ledger',
	'ledgerExport.writing': 'Writing the file…',
	'ledgerPrint.title': 'Print the ledger',
	'ledgerPrint.print': 'Print',
	'ledgerPrint.back': 'Back to the ledger',
	'ledgerPrint.month': 'By month',
	'ledgerPrint.semester': 'By semester',
	'ledgerPrint.count': '{n} hazards in this period',
	'ledgerPrint.hint':
		"Print on A4 landscape; the app's navigation and these buttons are not printed. The form itself stays in Chinese, as the bureau files it."
};
