import { Awareness } from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isPresenceColor, memberColor, peers } from '../../src/lib/sync/presence.ts';

/** An awareness holding a peer's state as an older server might relay it, unchecked. */
function withPeer(user: Record<string, unknown>): Awareness {
	const awareness = new Awareness(new Y.Doc());
	awareness.states.set(4242, {
		user: { memberId: 'm1', name: '王五', role: 'viewer', focus: null, ...user }
	});
	return awareness;
}

describe('presence colours from peers', () => {
	it('accepts #rrggbb only', () => {
		expect(isPresenceColor('#1d4ed8')).toBe(true);
		for (const bad of [
			'url(http://evil.example/beacon.png)',
			'red',
			'#fff',
			'#1d4ed8; background: url(x)',
			7
		]) {
			expect(isPresenceColor(bad), String(bad)).toBe(false);
		}
	});

	it("replaces a peer's unusable colour with the member colour, and keeps a good one", () => {
		const beacon = withPeer({ color: 'url(http://evil.example/beacon.png)' });
		expect(peers(beacon)).toMatchObject([{ clientId: 4242, color: memberColor('m1') }]);
		expect(peers(withPeer({ color: '#be185d' }))).toMatchObject([{ color: '#be185d' }]);
	});
});
