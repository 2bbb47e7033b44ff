import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
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
			// Readers may announce presence too (design.md §4).
			awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), connection);
			return;
		case MessageType.queryAwareness:
			connection.send(protocol.awarenessUpdate(room.awareness, [...room.awareness.getStates().keys()]));
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
		case syncProtocol.messageYjsSyncStep1:
			connection.send(protocol.syncStep2(room.doc, decoding.readVarUint8Array(decoder)));
			return;
		case syncProtocol.messageYjsSyncStep2:
		case syncProtocol.messageYjsUpdate: {
			const update = decoding.readVarUint8Array(decoder);
			if (connection.context.canWrite) {
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
