export { SyncHub, type SyncHubOptions, type HubStatus } from './hub.ts';
export { DocHandle, type ConnectionState, type DocStatus, type TerminalClose } from './doc-handle.ts';
export { StoredTracker } from './stored-tracker.ts';
export {
	BackgroundSync,
	type BackgroundSyncOptions,
	type BackgroundStatus,
	type VisitStore,
	type WorkspaceDocument
} from './background-sync.ts';
export { MessageType, StoredStatus, CloseCode, SYNC_PATH } from './wire.ts';
export {
	setLocalPresence,
	clearLocalPresence,
	peers,
	onPresenceChange,
	type Presence,
	type PeerPresence
} from './presence.ts';
export type { PendingStore } from './pending-store.ts';
