import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listVersions, planBody } from '../../src/lib/model/plan.ts';
import { derivePlan } from '../../src/lib/model/plan-derive.ts';
import { parsePlan } from '../../src/lib/model/plan-import.ts';
import { SqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { EXAMPLE, THIRD } from '../unit/plan-fixtures.ts';
import { addMember, connectAs, runAdmin, startAccountServer, type AdminResult } from './account-helpers.ts';
import { closeEvents, synced, teardown, tempDir, waitFor } from './helpers.ts';

afterEach(teardown);

/** Each CLI run is a fresh Node process with tsx (seconds on a busy machine): room for several. */
const SPAWNS = { timeout: 120_000 };

/** A .docx holding `text` one paragraph a line, as Word would save a typed plan. */
async function docxOf(text: string, dir: string): Promise<string> {
	const paragraphs = text.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] }));
	const file = join(dir, '方案.docx');
	writeFileSync(file, await Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] })));
	return file;
}

/** The one JSON object on stdout, with nothing else there. */
function stdoutJson(result: AdminResult): Record<string, unknown> {
	expect(result.code, result.stderr).toBe(0);
	expect(result.stdout.trim().split('\n')).toHaveLength(1);
	return JSON.parse(result.stdout) as Record<string, unknown>;
}

/** A refusal: exit 1, nothing on stdout, `{ error, message }` on stderr. */
function refusal(result: AdminResult): { error: string; message: string } {
	expect(result.code).toBe(1);
	expect(result.stdout).toBe('');
	return JSON.parse(result.stderr) as { error: string; message: string };
}

describe('admin plan derive', () => {
	it(
		'prints the derivation of the example plan as one JSON object, without a data directory',
		SPAWNS,
		async () => {
			const dataDir = join(tempDir(), 'never-created');
			const derived = stdoutJson(await runAdmin(dataDir, ['plan', 'derive', EXAMPLE]));
			expect(Object.keys(derived)).toEqual(['outline', 'group', 'office', 'domains', 'departments', 'rules']);
			expect((derived.outline as unknown[])[0]).toEqual({ level: 1, number: '一、', title: '指导思想' });
			expect(derived.group).toMatchObject({ leader: ['王晓芳'], deputies: ['薛建平', '章方辉'] });
			expect((derived.group as { members: string[] }).members).toContain('黄春');
			expect(derived.office).toEqual({ location: '', director: '周尹尹', deputy: '王晓华' });
			expect(derived.domains).toHaveLength(9);
			expect((derived.domains as unknown[])[0]).toEqual({
				title: '学校内部安全管理',
				owners: ['总务处', '安保处']
			});
			expect(derived.rules).toEqual(
				expect.arrayContaining([
					{ kind: 'inspection', every: 'month' },
					{ kind: 'drill', every: 'semester' },
					{ kind: 'meeting', every: 'quarter', chair: '校长' }
				])
			);
			expect(existsSync(dataDir)).toBe(false);
		}
	);

	it('reads a .docx the same as its text', SPAWNS, async () => {
		const dir = tempDir();
		const text = readFileSync(THIRD, 'utf8');
		const derived = stdoutJson(await runAdmin(dir, ['plan', 'derive', await docxOf(text, dir)]));
		expect(derived).toEqual(JSON.parse(JSON.stringify(derivePlan(parsePlan(text)))));
		expect(derived.group).toEqual({
			leader: ['陈刚'],
			deputies: ['赵丽娟', '王军'],
			members: ['各处室负责人', '年级组长']
		});
	});

	it(
		'refuses a missing file, an unknown extension and an unreadable .docx, in English on stderr',
		SPAWNS,
		async () => {
			const dir = tempDir();
			const missing = refusal(await runAdmin(dir, ['plan', 'derive', join(dir, '没有.txt')]));
			expect(missing).toEqual({ error: 'file_not_found', message: `no such file: ${join(dir, '没有.txt')}` });

			writeFileSync(join(dir, '方案.pdf'), '%PDF-1.4');
			const pdf = refusal(await runAdmin(dir, ['plan', 'derive', join(dir, '方案.pdf')]));
			expect(pdf.error).toBe('unsupported_type');
			expect(pdf.message).toMatch(/方案\.pdf: .*only \.txt and \.docx/);

			writeFileSync(join(dir, '坏.docx'), 'not a zip');
			const docx = refusal(await runAdmin(dir, ['plan', 'derive', join(dir, '坏.docx')]));
			expect(docx.error).toBe('unreadable_docx');
			expect(docx.message).toMatch(/坏\.docx: not a readable \.docx .*save it again as \.docx/);

			const usage = await runAdmin(dir, ['plan', 'derive']);
			expect(usage.code).toBe(2);
			expect(JSON.parse(usage.stderr)).toMatchObject({ error: 'usage' });
		}
	);
});

describe('admin plan import', () => {
	it(
		"writes the outline into the workspace's plan; a running server's clients receive it",
		SPAWNS,
		async () => {
			const { url, dataDir, accounts } = await startAccountServer();
			accounts.createWorkspace({ id: 'pl', name: '集善中学' });
			const leader = addMember(accounts, 'pl', 'leader');
			const client = await synced(connectAs(url, 'pl/plan', leader));
			const closes = closeEvents(client);

			const imported = stdoutJson(await runAdmin(dataDir, ['plan', 'import', '--workspace', 'pl', EXAMPLE]));
			expect(imported).toMatchObject({ ok: true, room: 'pl/plan', headings: 14, savedVersion: null });

			// The server reloads the workspace (1012); the provider reconnects and syncs the new body.
			await waitFor(() => closes.some((event) => event.code === 1012), 'the workspace reloaded');
			await waitFor(() => planBody(client.doc).length > 0, 'the imported body');
			const body = planBody(client.doc).toArray() as Y.XmlElement[];
			expect(body[2]?.toString()).toBe('<heading level="1">一、指导思想</heading>');
			expect(body.filter((node) => node.nodeName === 'heading')).toHaveLength(14);

			const storage = new SqliteStorage(dataDir, { readonly: true });
			expect(storage.audit('pl/plan')[0]?.memberId).toBe('system');
			storage.close();
		}
	);

	it(
		'refuses to overwrite a plan with text unless told, and then keeps it as a version',
		SPAWNS,
		async () => {
			const dir = tempDir();
			const { dataDir, accounts } = await startAccountServer({ dataDir: dir });
			accounts.createWorkspace({ id: 'pv', name: '实验小学' });
			const first = await runAdmin(dataDir, ['plan', 'import', '--workspace', 'pv', EXAMPLE]);
			expect(first.code, first.stderr).toBe(0);

			const text = readFileSync(THIRD, 'utf8');
			const docx = await docxOf(text, dir);
			const refused = refusal(await runAdmin(dataDir, ['plan', 'import', '--workspace', 'pv', docx]));
			expect(refused.error).toBe('plan_not_empty');
			expect(refused.message).toMatch(/--replace/);

			const replaced = stdoutJson(
				await runAdmin(dataDir, ['plan', 'import', '--workspace', 'pv', '--replace', docx])
			);
			expect(replaced.savedVersion).toEqual(expect.any(String));

			const storage = new SqliteStorage(dataDir, { readonly: true });
			const doc = new Y.Doc();
			for (const update of storage.load('pv/plan')) Y.applyUpdate(doc, update);
			storage.close();
			expect(planBody(doc).toArray()[1]?.toString()).toBe('<heading level="1">（一）指导思想</heading>');
			expect(listVersions(doc).map((version) => version.name)).toEqual([
				expect.stringMatching(/^导入前 \d{4}-\d{2}-\d{2}$/) as string
			]);

			expect(refusal(await runAdmin(dataDir, ['plan', 'import', '--workspace', 'nope', EXAMPLE])).error).toBe(
				'workspace_not_found'
			);
		}
	);
});
