import { readSheet } from 'read-excel-file/node';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Y from 'yjs';
import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { DocClient } from './support/doc-client.ts';
import { setMemberDepts } from '../../src/lib/model/duty.ts';
import { OWNERS, memberContext, seedLedger } from './support/ledger-export-seed.ts';
import { moveHazard, registerHazard, reportHazard } from '../../src/lib/model/ledger.ts';
import { LEDGER_COLUMNS } from '../../src/lib/model/hazard-export.ts';
import { chinaMonth } from '../../src/lib/model/time.ts';

const OUTPUT = path.join(import.meta.dirname, '.output');
const DAY = 86_400_000;

/**
 * This month's ledger: three hazards along the loop (one 重大, reported), and one of last month
 * that this month's sheet leaves out.
 */
function fill(officeId: string) {
	const office = memberContext(officeId, '周尹尹', 'office', ['office']);
	const inspector = memberContext(officeId, '周尹尹', 'inspector');
	const head = memberContext(officeId, '周尹尹', 'dept', ['general-affairs', 'security']);
	return (doc: Y.Doc) => {
		const now = Date.now();
		const month = chinaMonth(now);
		// Times earlier this month (China time), in order, whatever day of the month it is (an
		// hour into the 1st too: the server refuses times ahead of its clock).
		const start = Date.parse(`${month}-01T00:00:00+08:00`);
		const at = (i: number) => start + ((now - start) * i) / 4;
		const deadline = new Date(now + 10 * DAY).toISOString().slice(0, 10);
		const gas = registerHazard(
			doc,
			{
				place: '食堂后厨',
				description: '燃气管道接口老化，有轻微漏气味道，需更换软管并加装报警器',
				domain: 'food-hygiene',
				level: '重大',
				deadline,
				measures: '立即关闭总阀，联系燃气公司更换管道',
				interimMeasures: '停用二号灶台，设置警示标识',
				funds: 3800,
				foundAt: at(1)
			},
			inspector,
			'C',
			at(1)
		);
		reportHazard(doc, gas.id, { ref: '校安〔2026〕7号', at: at(1.25) }, office, OWNERS);
		moveHazard(doc, gas.id, 'start', head, OWNERS, { now: at(1.5) });
		const exit = registerHazard(
			doc,
			{
				place: '教学楼东侧消防通道',
				description: '通道堆放课桌椅等杂物，影响疏散',
				domain: 'internal-management',
				deadline,
				foundAt: at(2)
			},
			inspector,
			'C',
			at(2)
		);
		moveHazard(doc, exit.id, 'start', head, OWNERS, { now: at(2) + 1000 });
		moveHazard(doc, exit.id, 'submit', head, OWNERS, { now: at(2) + 2000, comment: '杂物已清理完毕' });
		moveHazard(doc, exit.id, 'pass', office, OWNERS, { now: at(2) + 3000, comment: '通道畅通' });
		moveHazard(doc, exit.id, 'close', office, OWNERS, { now: at(2) + 4000 });
		registerHazard(
			doc,
			{
				place: '操场东侧围栏',
				description: '围栏立柱松动，有倾倒风险',
				domain: 'school-buildings',
				foundAt: at(3)
			},
			inspector,
			'C',
			at(3)
		);
		registerHazard(
			doc,
			{ place: '校门口', description: '上月的隐患', foundAt: start - 5 * DAY },
			inspector,
			'C',
			start - 5 * DAY
		);
	};
}

test('the print view shows this month on A4, and the toolbar downloads the XLSX and CSV', async ({
	page,
	server
}) => {
	const office = await server.member('office', '周尹尹');
	// The office acts for the departments whose steps it records here (the server checks who
	// rectifies against the duty board's departments).
	const duty = await DocClient.open(server, 'duty', office.token);
	await duty.write((doc) =>
		setMemberDepts(doc, office.memberId, ['office', 'general-affairs', 'security'], {
			id: office.memberId,
			name: '周尹尹'
		})
	);
	duty.close();
	await seedLedger(server, office.token, fill(office.memberId), 4);

	await page.setViewportSize({ width: 1440, height: 1000 });
	await new HomePage(page).signIn(server.url, office.token);
	await page.goto(`${server.url}/ledger/print`);
	const sheet = page.getByTestId('ledger-sheet');
	await expect(sheet.getByRole('heading', { name: '学校安全隐患排查治理台账' })).toBeVisible();
	await expect(page.getByTestId('sheet-school')).toHaveText('示范学校');
	await expect(page.getByTestId('sheet-count')).toHaveText('3');
	const rows = sheet.locator('tbody tr');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(0)).toContainText('燃气管道接口老化');
	await expect(rows.nth(0)).toContainText('校安〔2026〕7号');
	await expect(rows.nth(1)).toContainText('已销号');
	await expect(sheet).not.toContainText('上月的隐患');
	expect(await seriousViolations(page)).toEqual([]);
	await sheet.screenshot({ path: path.join(OUTPUT, 'ledger-print-sheet.png') });

	// On paper: no navigation, no buttons; A4 landscape.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByTestId('side-nav')).toBeHidden();
	await expect(page.getByTestId('print')).toBeHidden();
	await page.screenshot({ path: path.join(OUTPUT, 'ledger-print-media.png'), fullPage: true });
	await page.pdf({ path: path.join(OUTPUT, 'ledger-print.pdf'), preferCSSPageSize: true });
	await page.emulateMedia({ media: 'screen' });

	// The XLSX of the same rows, read back.
	const xlsxDownload = page.waitForEvent('download');
	await page.getByTestId('export-xlsx').click();
	const xlsx = await xlsxDownload;
	expect(xlsx.suggestedFilename()).toMatch(/^示范学校隐患排查治理台账-\d{4}年\d{1,2}月\.xlsx$/);
	const xlsxFile = path.join(OUTPUT, 'ledger.xlsx');
	await xlsx.saveAs(xlsxFile);
	const data = await readSheet(readFileSync(xlsxFile));
	expect(String(data[0]?.[0])).toMatch(/^示范学校隐患排查治理台账（\d{4}年\d{1,2}月）$/);
	expect(data[1]).toEqual([...LEDGER_COLUMNS]);
	expect(data).toHaveLength(5);
	const number = LEDGER_COLUMNS.indexOf('隐患编号');
	expect(data.slice(2).map((row) => row[number])).toEqual([
		expect.stringMatching(/^\d{4}-\d{2}-C-\d{3}$/),
		expect.stringMatching(/-C-/),
		expect.stringMatching(/-C-/)
	]);
	expect(data[2]?.[LEDGER_COLUMNS.indexOf('重大隐患上报')]).toContain('校安〔2026〕7号');
	expect(data[2]?.[LEDGER_COLUMNS.indexOf('责任部门')]).toBe('总务处、安保处');

	// The CSV: a BOM, then the same header.
	const csvDownload = page.waitForEvent('download');
	await page.getByTestId('export-csv').click();
	const csv = await csvDownload;
	const csvFile = path.join(OUTPUT, 'ledger.csv');
	await csv.saveAs(csvFile);
	const text = readFileSync(csvFile, 'utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	expect(text.slice(1).split('\r\n')[0]).toBe(LEDGER_COLUMNS.join(','));

	// This semester's sheet, from the picker.
	await page.getByTestId('print-semester').selectOption({ index: 1 });
	await expect(page).toHaveURL(/semester=\d{4}-(autumn|spring)/);
	await expect(sheet.getByText(/学期/)).toBeVisible();
});
