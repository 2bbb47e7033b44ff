import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Role } from '../../src/lib/model/permissions.ts';
import { parseRoom } from '../../src/lib/model/documents.ts';
import { checkDocument } from '../../src/lib/model/schema/check.ts';
import { isPresenceColor, memberColor } from '../../src/lib/sync/presence.ts';
import { CloseCode, MessageType } from '../../src/lib/sync/wire.ts';
import { ShapeSource, wrongShapeFrames } from './fuzz-shapes.ts';
import { indexRound } from './round-helpers.ts';
import { FrameSource, presenceAbuse, prng, storedRequest } from './fuzz-frames.ts';
import { addMember, connectAs, startAccountServer, type TestMember } from './account-helpers.ts';
import { onTeardown, storedDoc, synced, syncUrl, teardown, track, waitFor, type Client } from './helpers.ts';

afterEach(teardown);

/** Frames to send in all; CI uses the default. */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 100_000);
/** Replay a failure with the seed from the test name. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_129);

const WS = 'fz';
/** Fuzzing sockets: writers, and readers whose updates must all be dropped (map `forbidden`). */
const FUZZERS: { room: string; role: Role; map: string }[] = [
	{ room: 'fz/ledger', role: 'office', map: 'm' },
	{ room: 'fz/ledger', role: 'viewer', map: 'forbidden' },
	{ room: 'fz/plan', role: 'dept', map: 'forbidden' },
	{ room: 'fz/meta', role: 'viewer', map: 'forbidden' },
	{ room: 'fz/inspection/r1', role: 'inspector', map: 'm' },
	{ room: 'fz/drills', role: 'office', map: 'm' }
];
/** A legitimate client in each fuzzed room, with a role that may write it. */
const LEGIT: [string, Role][] = [
	['fz/ledger', 'office'],
	['fz/plan', 'leader'],
	['fz/meta', 'leader'],
	['fz/inspection/r1', 'inspector'],
	['fz/drills', 'office']
];
/**
 * Codes a fuzzed socket may be closed with: malformed frame, its room reset by a bad update, a
 * shape refused, or a rule inside the document broken (random content deletes and forges records).
 */
const EXPECTED_CLOSES = new Set([1007, 1011, CloseCode.invalidShape, CloseCode.notPermitted]);

interface FuzzSocket {
	ws: WebSocket;
	opened: Promise<boolean>;
	closed: Promise<number>;
	acked(token: number): Promise<void>;
}

function openFuzzSocket(url: string, room: string, token: string): FuzzSocket {
	const ws = new WebSocket(`${syncUrl(url)}/${room}?token=${token}`);
	const waiting = new Map<number, () => void>();
	ws.on('message', (data: Buffer) => {
		if (data[0] !== MessageType.stored) return;
		const decoder = decoding.createDecoder(new Uint8Array(data));
		decoding.readVarUint(decoder);
		const ack = decoding.readVarUint(decoder);
		waiting.get(ack)?.();
		waiting.delete(ack);
	});
	ws.on('error', () => {}); // reported as a close
	const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
	const opened = new Promise<boolean>((resolve) => {
		ws.once('open', () => resolve(true));
		void closed.then(() => resolve(false));
	});
	onTeardown(() => ws.terminate());
	return { ws, opened, closed, acked: (t) => new Promise<void>((resolve) => waiting.set(t, resolve)) };
}

type Legit = Map<string, { client: Client; member: TestMember }>;

/** Presence abuse: each legit client is here, under its own name, for the fuzzers to spoof. */
function announcePresence(legit: Legit): void {
	for (const { client, member } of legit.values()) {
		client.provider.awareness.setLocalStateField('user', {
			memberId: member.id,
			name: member.name,
			role: member.name,
			color: memberColor(member.id),
			focus: null
		});
	}
}

function victims(legit: Legit, room: string): number[] {
	const entry = legit.get(room);
	return entry === undefined ? [] : [entry.client.doc.clientID];
}

/** After the abuse, a new observer of each room sees every legit client as it announced itself. */
async function checkPresence(url: string, legit: Legit): Promise<void> {
	for (const [room, { client, member }] of legit) {
		const observer = await synced(connectAs(url, room, member, { doc: new Y.Doc() }));
		const user = (id: number) =>
			(observer.provider.awareness.getStates().get(id) as { user?: Record<string, unknown> } | undefined)
				?.user;
		await waitFor(() => user(client.doc.clientID) !== undefined, `${room}: legit presence`);
		expect(user(client.doc.clientID), room).toMatchObject({ memberId: member.id, name: member.name });
		for (const [id, state] of observer.provider.awareness.getStates()) {
			const { user: other } = state as { user?: Record<string, unknown> | null };
			if (other === undefined || other === null) continue;
			expect(isPresenceColor(other.color), `${room}: colour of ${id}`).toBe(true);
			expect(other.name, `${room}: ${id} posing`).not.toBe('周尹尹');
		}
		observer.provider.destroy();
	}
}

describe(`fuzz (seed ${SEED}, ${FRAMES} frames)`, () => {
	it(
		'survives random and mutated frames; every room stays loadable and matches its clients',
		async () => {
			const started = Date.now();
			const { url, dataDir, accounts, logs } = await startAccountServer({
				// Unlimited here: the fuzz is about content, and the bucket would close sockets before it.
				rateLimit: { perSecond: 1e9, burst: 1e9 },
				// Fuzzing sockets reconnect after every close, all from one address.
				upgradeRateLimit: { perSecond: 1e9, burst: 1e9 },
				compactAfter: 1_000
			});
			accounts.createWorkspace({ id: WS, name: '模糊测试' });
			// The server takes writes to listed rounds only.
			for (const id of ['r1', 'live']) indexRound(dataDir, WS, id);
			const member = (role: Role) => addMember(accounts, WS, role);

			// Two real providers on a room of their own, editing throughout.
			const liveA = await synced(connectAs(url, 'fz/inspection/live', member('inspector')));
			const liveB = await synced(connectAs(url, 'fz/inspection/live', member('office')));
			const legit = new Map<string, { client: Client; member: TestMember; written: number }>();
			for (const [room, role] of LEGIT) {
				const who = member(role);
				legit.set(room, { client: await synced(connectAs(url, room, who)), member: who, written: 0 });
			}
			announcePresence(legit);
			const trackers = new Map([...legit].map(([room, { client }]) => [room, track(client)]));
			let ticks = 0;
			const editing = setInterval(() => {
				liveA.doc.getMap('live').set(`a${ticks}`, ticks);
				liveB.doc.getMap('live').set(`b${ticks}`, ticks);
				liveB.doc.getText('t').insert(0, 'b');
				if (ticks % 5 === 0) {
					for (const entry of legit.values())
						entry.client.doc.getMap('legit').set(`k${entry.written++}`, ticks);
				}
				ticks++;
			}, 10);
			onTeardown(() => clearInterval(editing));

			const stats = { sent: 0, connects: 0, closes: new Map<number, number>() };
			let nextToken = 2 ** 21; // above the random tokens of benign frames
			const worker = async (slot: number) => {
				const { room, role, map } = FUZZERS[slot] ?? FUZZERS[0]!;
				const rng = prng(SEED + slot * 7919);
				const source = new FrameSource(rng, map);
				const kind = parseRoom(room)?.kind;
				const shapes = map === 'm' && kind !== undefined ? new ShapeSource(rng, kind) : null;
				const { token } = member(role);
				let socket: FuzzSocket | null = null;
				while (stats.sent < FRAMES) {
					if (socket === null) {
						socket = openFuzzSocket(url, room, token);
						stats.connects++;
						if (!(await socket.opened)) throw new Error(`refused: ${await socket.closed}`);
					}
					const frames: (Uint8Array | string)[] = [];
					for (let i = 10 + rng.int(30); i > 0; i--) frames.push(source.benign());
					// Before the hostile frames, which usually close the socket.
					if (shapes !== null) frames.push(...wrongShapeFrames(rng, shapes));
					for (let i = 1 + rng.int(6); i > 0; i--) frames.push(source.hostile());
					if (rng.chance(0.3)) frames.push(presenceAbuse(rng, victims(legit, room)));
					const ackToken = nextToken++;
					frames.push(storedRequest(ackToken));
					const acked = socket.acked(ackToken).then(() => null);
					for (const bytes of frames) socket.ws.send(bytes);
					stats.sent += frames.length;
					const closeCode = await Promise.race([acked, socket.closed]);
					if (closeCode !== null) {
						stats.closes.set(closeCode, (stats.closes.get(closeCode) ?? 0) + 1);
						socket = null;
					}
				}
				socket?.ws.close();
				await socket?.closed;
				source.destroy();
			};
			await Promise.all(FUZZERS.map((_, slot) => worker(slot)));
			clearInterval(editing);
			const fuzzMs = Date.now() - started;

			expect((await fetch(`${url}/healthz`)).status).toBe(200);
			expect([...stats.closes.keys()].filter((code) => !EXPECTED_CLOSES.has(code))).toEqual([]);
			expect(
				logs.filter((entry) =>
					/load failed|storage failure|authenticate failed/.test(String(entry.fields.reason ?? entry.message))
				)
			).toEqual([]);

			// Sorted: a map's key order depends on the order each client learned of the keys.
			const live = (client: Client) =>
				JSON.stringify([
					Object.entries(client.doc.getMap('live').toJSON()).sort(),
					client.doc.getText('t').toString()
				]);
			await waitFor(
				() => live(liveA) === live(liveB) && liveA.doc.getMap('live').size === 2 * ticks,
				'live room converges'
			);

			for (const [room, { client, member: who, written }] of legit) {
				const tracker = trackers.get(room);
				await waitFor(
					() => client.provider.synced && tracker?.pending === 0,
					`${room}: legit client stored`,
					15_000
				);
				const fresh = await synced(connectAs(url, room, who, { doc: new Y.Doc() }));
				const same = (doc: Y.Doc) => Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(client.doc));
				await waitFor(() => same(fresh.doc), `${room}: a fresh client matches the legit one`);
				const stored = storedDoc(dataDir, room);
				expect(same(stored), `${room}: stored document matches`).toBe(true);
				expect(stored.getMap('legit').size, room).toBe(written);
				expect(stored.getMap('forbidden').size, `${room}: nothing from readers`).toBe(0);
				const kind = parseRoom(room)?.kind;
				if (kind !== undefined) expect(checkDocument(kind, stored), `${room}: sound shape`).toEqual([]);
			}
			await checkPresence(url, legit);
			// Updates from readers reached the permission check (and were dropped, as checked above).
			const refused = logs.filter((entry) => entry.message === 'update refused: no write permission');
			expect(new Set(refused.map((entry) => entry.fields.room))).toEqual(
				new Set(['fz/ledger', 'fz/plan', 'fz/meta'])
			);
			// Poisoned updates reached the shape check and were refused whole.
			expect(stats.closes.get(CloseCode.invalidShape) ?? 0).toBeGreaterThan(0);
			const malformed = logs.filter((entry) => entry.message === 'malformed frame').length;
			console.info(
				`fuzz seed=${SEED} frames=${stats.sent} connects=${stats.connects} malformed=${malformed} ` +
					`closes=${JSON.stringify(Object.fromEntries(stats.closes))} fuzz=${fuzzMs}ms total=${Date.now() - started}ms`
			);
		},
		Math.max(240_000, FRAMES * 2.4)
	); // ~60 s on a quiet machine; the rules inside documents judge every frame
});
