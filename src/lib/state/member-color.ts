// The colour is part of presence, which the server checks too: it lives in src/lib/sync.
export { memberColor } from '../sync/presence.ts';
