import type { MessageKey } from '../i18n/messages.ts';
import type { HubStatus } from '../sync/index.ts';

export type SyncTone = 'offline' | 'busy' | 'ok' | 'error';

/** What the sync badge says: synced only when connected *and* every change is stored. */
export function syncLabel(status: HubStatus): { key: MessageKey; title: MessageKey; tone: SyncTone } {
	if (status.connection === 'offline')
		return { key: 'sync.offline', title: 'sync.title.offline', tone: 'offline' };
	if (status.connection === 'connecting' || status.pending > 0) {
		return { key: 'sync.connecting', title: 'sync.title.connecting', tone: 'busy' };
	}
	return { key: 'sync.synced', title: 'sync.title.synced', tone: 'ok' };
}
