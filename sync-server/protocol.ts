import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MessageType, type StoredStatus } from '../src/lib/sync/wire.ts';

/** Frames the server sends. Each returns one complete WebSocket message. */

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export function syncStep1(doc: Y.Doc): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, MessageType.sync);
		syncProtocol.writeSyncStep1(e, doc);
	});
}

/** Throws on a malformed state vector. */
export function syncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	const update = Y.encodeStateAsUpdate(doc, stateVector);
	return message((e) => {
		encoding.writeVarUint(e, MessageType.sync);
		encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
		encoding.writeVarUint8Array(e, update);
	});
}

export function syncUpdate(update: Uint8Array): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, MessageType.sync);
		syncProtocol.writeUpdate(e, update);
	});
}

export function awarenessUpdate(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, MessageType.awareness);
		encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	});
}

export function storedAck(token: number, status: StoredStatus): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, MessageType.stored);
		encoding.writeVarUint(e, token);
		encoding.writeVarUint(e, status);
	});
}
