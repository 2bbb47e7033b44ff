import { parseArgs } from 'node:util';
import { AccountStore } from './accounts/store.ts';
import { AccountError } from './accounts/types.ts';
import { PlanFileError } from '../src/lib/import/plan-file.ts';
import { COMMANDS, UsageError, standalone, type CommandInput, type CommandResult } from './admin/commands.ts';
import { PlanCommandError } from './admin/plan.ts';
import { DropRefused } from './admin/rooms.ts';

const USAGE = `usage: DATA_DIR=<dir> npm run admin -- <command>   (DATA_DIR defaults to ./data)
  workspace create --name <name> [--id <id>]
  token --workspace <id> --name <member> --role <role> [--days <n>]
  members --workspace <id>
  revoke --workspace <id> --member <memberId>
  invite --workspace <id> --role <role>
  signin-code --workspace <id> --member <memberId>   (a one-time way back in, valid 24 h)
  invites --workspace <id>
  cancel-invite --workspace <id> --code <code>
  sessions --workspace <id> --member <memberId>
  revoke-session --workspace <id> --session <sessionId>
  backup --workspace <id> --out <file>
  restore <file>
  rooms --workspace <id>                      stored documents: bytes, updates, last write, listed;
                                              photos: count and bytes
  room drop --workspace <id> --document inspection/<id> [--force]
  plan derive <file.txt|file.docx>           the outline, group, office, domains, departments and
                                              rules the plan's text states (no DATA_DIR needed)
  plan import --workspace <id> [--replace] <file.txt|file.docx>
                                              writes the outline and text into the workspace's plan;
                                              --replace when it has text (saved as a version first)
roles: leader, office, dept, inspector, viewer. Output: one JSON object on stdout; errors as JSON on
stderr with exit code 1 (2 for usage errors). Safe to run while the server runs.`;

const STRING = { type: 'string' } as const;

function parse(argv: string[]): { command: string; input: CommandInput } {
	const { values, positionals } = parseArgs({
		args: argv,
		options: {
			name: STRING,
			id: STRING,
			workspace: STRING,
			role: STRING,
			days: STRING,
			member: STRING,
			out: STRING,
			document: STRING,
			force: { type: 'boolean' },
			replace: { type: 'boolean' },
			code: STRING,
			session: STRING
		},
		allowPositionals: true,
		strict: true
	});
	const [command, ...rest] = positionals;
	if (command === undefined || !Object.hasOwn(COMMANDS, command)) {
		throw new UsageError(command === undefined ? 'no command' : `unknown command: ${command}`);
	}
	return { command, input: { rest, options: values } };
}

function fail(exitCode: number, error: string, message: string): void {
	process.stderr.write(
		JSON.stringify({ error, message, ...(exitCode === 2 ? { usage: USAGE } : {}) }) + '\n'
	);
	process.exitCode = exitCode;
}

function print(result: CommandResult): void {
	process.stdout.write(JSON.stringify(result.output) + '\n');
	if (result.lastLine !== undefined) process.stdout.write(result.lastLine + '\n');
}

function failWith(error: unknown): void {
	if (
		error instanceof AccountError ||
		error instanceof DropRefused ||
		error instanceof PlanCommandError ||
		error instanceof PlanFileError
	)
		return fail(1, error.code, error.message);
	return fail(1, 'internal', error instanceof Error ? error.message : String(error));
}

async function main(): Promise<void> {
	let parsed: ReturnType<typeof parse>;
	try {
		parsed = parse(process.argv.slice(2));
		COMMANDS[parsed.command]?.check(parsed.input);
	} catch (error) {
		// parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
		return fail(2, 'usage', (error as Error).message);
	}
	const alone = standalone(parsed.command, parsed.input);
	if (alone) {
		try {
			return print(await alone());
		} catch (error) {
			return failWith(error);
		}
	}
	const dataDir = process.env.DATA_DIR ?? './data';
	const accounts = new AccountStore(dataDir);
	try {
		const result = await COMMANDS[parsed.command]?.run(parsed.input, accounts, dataDir);
		if (result === undefined) return fail(2, 'usage', 'unknown command');
		print(result);
	} catch (error) {
		failWith(error);
	} finally {
		accounts.close();
	}
}

await main();
