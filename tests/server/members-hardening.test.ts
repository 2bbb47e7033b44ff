import { afterEach, describe, expect, it } from 'vitest';
import { addMember, api, startAccountServer } from './account-helpers.ts';
import { teardown } from './helpers.ts';

afterEach(teardown);

async function setup(options: Parameters<typeof startAccountServer>[0] = {}) {
	const server = await startAccountServer(options);
	server.accounts.createWorkspace({ id: 'school_a', name: '甲校' });
	const leader = addMember(server.accounts, 'school_a', 'leader', '王晓芳');
	const office = addMember(server.accounts, 'school_a', 'office', '李主任');
	const join = async (name: string, role: 'inspector' | 'leader' = 'inspector') => {
		const { code } = server.accounts.createInvite('school_a', role, office.id);
		return api(server.url, '/api/join', { body: { code, name } });
	};
	return { ...server, leader, office, join };
}

describe('member names', () => {
	it('are normalised: invisible and bidi characters removed, compatibility forms folded, spaces collapsed', async () => {
		const { join } = await setup();
		for (const [typed, stored] of [
			['\u202e赵\u200b老师\u202c', '赵老师'],
			['ＺＨＡＮＧ\u3000Wei', 'ZHANG Wei'],
			['  钱 \t\n 老师 ', '钱 老师'],
			['\u3164孙\ufe0f老师', '孙老师']
		] as const) {
			expect((await join(typed)).body.member, JSON.stringify(typed)).toMatchObject({ name: stored });
		}
		for (const typed of ['\u200b\u200c\u200d', '\u202e\u2066', '\u3164', '\ufeff']) {
			expect(await join(typed), JSON.stringify(typed)).toMatchObject({
				status: 400,
				body: { error: 'invalid_name' }
			});
		}
	});

	it('are unique among current members of a workspace, ignoring case and spaces', async () => {
		const { join, accounts, leader } = await setup();
		for (const copy of ['王晓芳', '王 晓芳', '\u200b王晓芳', '王晓芳\u202e']) {
			expect(await join(copy), JSON.stringify(copy)).toMatchObject({
				status: 409,
				body: { error: 'name_taken' }
			});
		}
		expect((await join('Zhang Wei')).status).toBe(200);
		expect(await join('zhangwei')).toMatchObject({ status: 409, body: { error: 'name_taken' } });
		accounts.createWorkspace({ id: 'school_b', name: '乙校' });
		expect(accounts.addMember('school_b', '王晓芳', 'leader').name).toBe('王晓芳'); // another school
		accounts.revokeMember('school_a', leader.id);
		expect((await join('王晓芳', 'leader')).status).toBe(200); // a revoked member's name is free again
	});
});

describe('invites', () => {
	it('are listed with their state and can be cancelled by whoever may make them', async () => {
		const { url, accounts, leader, office } = await setup();
		const make = async (token: string, role: string) =>
			(await api(url, '/api/invites', { token, body: { role } })).body.code as string;
		const used = await make(office.token, 'inspector');
		const pending = await make(office.token, 'viewer');
		const leaders = await make(leader.token, 'leader');
		expect((await api(url, '/api/join', { body: { code: used, name: '周老师' } })).status).toBe(200);

		const cancel = (token: string, code: string) =>
			api(url, `/api/invites/${code}/cancel`, { method: 'POST', token });
		expect(await cancel(office.token, leaders)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
		expect(await cancel(office.token, leaders.toLowerCase())).toMatchObject({ status: 403 });
		expect(await cancel(office.token, used)).toMatchObject({ status: 410, body: { error: 'invite_used' } });
		expect(await cancel(office.token, 'NOPE00000000')).toMatchObject({ status: 404 });
		expect(await cancel(office.token, pending)).toMatchObject({
			status: 200,
			body: { invite: { code: pending, status: 'cancelled' } }
		});
		expect(await api(url, '/api/join', { body: { code: pending, name: '吴老师' } })).toMatchObject({
			status: 410,
			body: { error: 'invite_cancelled' }
		});

		const listed = await api(url, '/api/invites', { token: office.token });
		expect(listed.status).toBe(200);
		const byCode = new Map(
			(listed.body.invites as { code: string }[]).map((invite) => [invite.code, invite])
		);
		expect(byCode.get(used)).toMatchObject({ role: 'inspector', status: 'used', usedByName: '周老师' });
		expect(byCode.get(pending)).toMatchObject({ status: 'cancelled', usedByName: null });
		expect(byCode.get(leaders)).toMatchObject({ role: 'leader', status: 'pending' });
		const dept = addMember(accounts, 'school_a', 'dept');
		expect(await api(url, '/api/invites', { token: dept.token })).toMatchObject({ status: 403 });
	});
});

describe('joining', () => {
	it('is rate-limited per address, and every join and refusal is logged with the address', async () => {
		const { join, logs } = await setup({ joinRateLimit: { perSecond: 0.001, burst: 3 } });
		expect((await join('甲老师')).status).toBe(200);
		expect((await join('')).status).toBe(400); // refusals count too: they are how codes are guessed
		expect((await join('乙老师')).status).toBe(200);
		expect(await join('丙老师')).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
		const lines = logs.filter(
			(entry) => entry.message.startsWith('join') || entry.message === 'member joined'
		);
		expect(lines.map(({ message, fields }) => [message, fields.address])).toEqual([
			['member joined', '127.0.0.1'],
			['join refused', '127.0.0.1'],
			['member joined', '127.0.0.1'],
			['join rate limited', '127.0.0.1']
		]);
		expect(lines[0]?.fields).toMatchObject({ name: '甲老师', role: 'inspector', workspace: 'school_a' });
	});
});
