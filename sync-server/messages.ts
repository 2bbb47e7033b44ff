import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType } from '../src/lib/sync/wire.ts';
import type { Connection } from './connection.ts';
import * as protocol from './protocol.ts';
import type { Room } from './room.ts';

/**
 * Handles one client frame. Throws on anything malformed (truncated varints, unknown types, bytes
 * Yjs rejects); the caller closes the socket.
 */
export function handleMessage(connection: Connection, room: Room, frame: Uint8Array): void {
	const decoder = decoding.createDecoder(frame);
	const type = decoding.readVarUint(decoder);
	switch (type) {
		case MessageType.sync:
			return handleSync(connection, room, decoder);
		case MessageType.awareness:
			// Readers may announce presence too (design.md §4), within what the guard lets through.
			room.presence.apply(connection, decoding.readVarUint8Array(decoder));
			return;
		case MessageType.queryAwareness:
			// Built when sent, so a socket that asks again and again while not reading holds one.
			connection.answer('awareness', () =>
				protocol.awarenessUpdate(room.awareness, [...room.awareness.getStates().keys()])
			);
			return;
		case MessageType.stored:
			connection.ack(decoding.readVarUint(decoder));
			return;
		default:
			throw new Error(`unknown message type ${type}`);
	}
}

function handleSync(connection: Connection, room: Room, decoder: decoding.Decoder): void {
	const step = decoding.readVarUint(decoder);
	switch (step) {
		case syncProtocol.messageYjsSyncStep1: {
			const stateVector = decoding.readVarUint8Array(decoder);
			Y.decodeStateVector(stateVector); // throws now on a malformed one, not when it is answered
			// At most one answer queued per socket; see `Outbox`. The room may be gone by then.
			connection.answer('sync', () => (room.destroyed ? null : room.answers.answer(stateVector)));
			return;
		}
		case syncProtocol.messageYjsSyncStep2:
		case syncProtocol.messageYjsUpdate: {
			const update = decoding.readVarUint8Array(decoder);
			const { canWrite, parts } = connection.context;
			// A member who writes part of the document (the plan's comments) is checked by a hook.
			if (canWrite || (parts !== undefined && parts.length > 0)) {
				if (connection.stillAuthorized()) room.applyUpdate(update, connection);
			}
			// A reader's client answers every sync step 1 with its whole diff, usually with nothing
			// new in it; only a real change counts as refused, or every reader would be told so.
			else if (!Y.snapshotContainsUpdate(Y.snapshot(room.doc), update)) connection.refuse();
			return;
		}
		default:
			throw new Error(`unknown sync step ${step}`);
	}
}
