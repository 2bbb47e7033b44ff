import type { Role } from '../../src/lib/model/permissions.ts';
import type { AccountStore } from '../accounts/store.ts';
import type { Invite } from '../accounts/types.ts';
import { photoUsage } from '../blobs/store.ts';
import { derivePlanFile, importPlan, readPlan } from './plan.ts';
import { dropRoom, listRooms, openDocuments } from './rooms.ts';

/** A wrong command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
	override name = 'UsageError';
}

export interface CommandInput {
	/** Positionals after the command name. */
	rest: string[];
	options: Partial<
		Record<
			'name' | 'id' | 'workspace' | 'role' | 'days' | 'member' | 'out' | 'document' | 'code' | 'session',
			string
		>
	> & { force?: boolean; replace?: boolean };
}

export interface CommandResult {
	/** Printed as one JSON object on stdout. */
	output: object;
	/** Printed alone after it, for scripts that take the last line (the bare token). */
	lastLine?: string;
}

/** `dataDir` for commands that open the document tables themselves. */
type Command = (
	input: CommandInput,
	accounts: AccountStore,
	dataDir: string
) => CommandResult | Promise<CommandResult>;

/** An option the command cannot do without. Checked before the store opens the data directory. */
type ValueOption = Exclude<keyof CommandInput['options'], 'force' | 'replace'>;

export function required(input: CommandInput, name: ValueOption): string {
	const value = input.options[name];
	if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
	return value;
}

function requireAll(input: CommandInput, ...names: ValueOption[]): void {
	for (const name of names) required(input, name);
}

const inviteView = (invite: Invite) => ({
	code: invite.code,
	role: invite.role,
	expiresAt: invite.expiresAt,
	path: `/join/${invite.code}`
});

const MAX_DAYS = 3650;

export function parseDays(value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const days = Number(value);
	if (!Number.isFinite(days) || days <= 0 || days > MAX_DAYS) {
		throw new UsageError(`--days must be a number of days, above 0 and at most ${MAX_DAYS}`);
	}
	return days;
}

/** `plan derive FILE` / `plan import --workspace ID FILE`: the file is the one positional after the verb. */
function planFile(input: CommandInput): string {
	const [verb, file, ...extra] = input.rest;
	if ((verb !== 'derive' && verb !== 'import') || file === undefined || file === '' || extra.length > 0)
		throw new UsageError('usage: plan derive <file> | plan import --workspace <id> [--replace] <file>');
	if (verb === 'import') required(input, 'workspace');
	return file;
}

/**
 * The commands that need neither the data directory nor the accounts (`plan derive`), run before
 * either is opened; undefined for every other command line.
 */
export function standalone(command: string, input: CommandInput): (() => Promise<CommandResult>) | undefined {
	if (command !== 'plan' || input.rest[0] !== 'derive') return undefined;
	return async () => ({ output: await derivePlanFile(planFile(input)) });
}

/** Argument checks run first (so a usage error touches nothing), then the command itself. */
export const COMMANDS: Record<string, { check(input: CommandInput): void; run: Command }> = {
	plan: {
		check: planFile,
		async run(input, accounts, dataDir) {
			const workspace = accounts.requireWorkspace(required(input, 'workspace')).id;
			// The file is read and parsed before the documents are opened: a bad file touches nothing.
			const plan = await readPlan(planFile(input));
			const result = importPlan(dataDir, workspace, plan, { replace: input.options.replace === true });
			return { output: { ok: true, ...result, outline: plan.outline } };
		}
	},
	workspace: {
		check(input) {
			if (input.rest[0] !== 'create')
				throw new UsageError('the only workspace command is `workspace create`');
			required(input, 'name');
		},
		run(input, accounts) {
			const workspace = accounts.createWorkspace({ name: required(input, 'name'), id: input.options.id });
			const invite = accounts.createInvite(workspace.id, 'leader', 'system');
			return { output: { id: workspace.id, name: workspace.name, invite: inviteView(invite) } };
		}
	},
	token: {
		check(input) {
			requireAll(input, 'workspace', 'name', 'role');
			parseDays(input.options.days);
		},
		run(input, accounts) {
			const role = required(input, 'role') as Role; // the store refuses unknown roles
			const workspace = required(input, 'workspace');
			// Names are unique among current members: the same name and role is another device of
			// that person (a new session); another role under a taken name is refused.
			const existing = accounts.activeMemberNamed(workspace, required(input, 'name'));
			const member =
				existing?.role === role ? existing : accounts.addMember(workspace, required(input, 'name'), role);
			const days = parseDays(input.options.days);
			const issued = accounts.issueToken(member, days === undefined ? undefined : days * 86_400_000);
			return { output: { memberId: member.id, ...issued }, lastLine: issued.token };
		}
	},
	members: {
		check: (input) => requireAll(input, 'workspace'),
		run(input, accounts) {
			const workspace = accounts.requireWorkspace(required(input, 'workspace'));
			const members = accounts.members(workspace.id).map(({ id, name, role, createdAt, revokedAt }) => ({
				id,
				name,
				role,
				createdAt,
				revokedAt
			}));
			return { output: { members } };
		}
	},
	revoke: {
		check: (input) => requireAll(input, 'workspace', 'member'),
		run(input, accounts) {
			accounts.revokeMember(required(input, 'workspace'), required(input, 'member'));
			return { output: { ok: true } };
		}
	},
	invite: {
		check: (input) => requireAll(input, 'workspace', 'role'),
		run(input, accounts) {
			const role = required(input, 'role') as Role;
			return { output: inviteView(accounts.createInvite(required(input, 'workspace'), role, 'system')) };
		}
	},
	// The way back for the only leader of a school, whom nobody in the app may sign in (the office
	// may not do it for a leader).
	'signin-code': {
		check: (input) => requireAll(input, 'workspace', 'member'),
		run(input, accounts) {
			const code = accounts.createSigninCode(
				required(input, 'workspace'),
				required(input, 'member'),
				'system'
			);
			return { output: { code: code.code, expiresAt: code.expiresAt, path: `/join/${code.code}` } };
		}
	},
	invites: {
		check: (input) => requireAll(input, 'workspace'),
		run(input, accounts) {
			return {
				output: { invites: accounts.invites(accounts.requireWorkspace(required(input, 'workspace')).id) }
			};
		}
	},
	'cancel-invite': {
		check: (input) => requireAll(input, 'workspace', 'code'),
		run(input, accounts) {
			const invite = accounts.cancelInvite(required(input, 'workspace'), required(input, 'code'));
			return { output: { ok: true, invite } };
		}
	},
	sessions: {
		check: (input) => requireAll(input, 'workspace', 'member'),
		run(input, accounts) {
			const member = accounts.member(required(input, 'member'));
			const sessions = member?.workspace === required(input, 'workspace') ? accounts.sessions(member.id) : [];
			return { output: { sessions } };
		}
	},
	'revoke-session': {
		check: (input) => requireAll(input, 'workspace', 'session'),
		run(input, accounts) {
			accounts.revokeSession(required(input, 'workspace'), required(input, 'session'));
			return { output: { ok: true } };
		}
	},
	backup: {
		check: (input) => requireAll(input, 'workspace', 'out'),
		run(input, accounts) {
			const result = accounts.backup(required(input, 'workspace'), required(input, 'out'));
			return { output: { ok: true, ...result } };
		}
	},
	rooms: {
		check: (input) => requireAll(input, 'workspace'),
		run(input, accounts, dataDir) {
			const workspace = accounts.requireWorkspace(required(input, 'workspace')).id;
			return withDocuments(dataDir, (db) => ({
				output: { rooms: listRooms(db, workspace), photos: photoUsage(db, workspace) }
			}));
		}
	},
	room: {
		check(input) {
			if (input.rest[0] !== 'drop') throw new UsageError('the only room command is `room drop`');
			requireAll(input, 'workspace', 'document');
		},
		run(input, accounts, dataDir) {
			const workspace = accounts.requireWorkspace(required(input, 'workspace')).id;
			const document = required(input, 'document');
			const force = input.options.force === true;
			return withDocuments(dataDir, (db) => ({
				output: { ok: true, ...dropRoom(db, workspace, document, force) }
			}));
		}
	},
	restore: {
		check(input) {
			if (input.rest.length !== 1) throw new UsageError('usage: restore <file>');
		},
		run(input, accounts) {
			return { output: { ok: true, ...accounts.restore(input.rest[0] ?? '') } };
		}
	}
};

function withDocuments(
	dataDir: string,
	run: (db: ReturnType<typeof openDocuments>) => CommandResult
): CommandResult {
	const db = openDocuments(dataDir);
	try {
		return run(db);
	} finally {
		db.close();
	}
}
