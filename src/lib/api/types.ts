import type { ChangeFact } from '../model/change-log.ts';
import type { Role } from '../model/permissions.ts';
import type { PhotoType } from './photo-type.ts';

// The shapes of the sync server's HTTP API (`/api/…`), shared by the browser client and the
// server's views so the two cannot drift. All times are epoch milliseconds.

export interface SessionMember {
	id: string;
	name: string;
	role: Role;
}

export interface SessionWorkspace {
	id: string;
	name: string;
}

/**
 * The device session's place in its workspace's one sequence of devices: `number` is given once, at
 * sign-in, never reused and kept by refreshes; `code` is `deviceCode(number)` (A, B … Z, AA …), the
 * device's own space of hazard numbers (`2026-11-C-007`, src/lib/model/hazard-number.ts).
 */
export interface SessionDevice {
	number: number;
	code: string;
}

/** What the server returns on join and refresh (and, without the token, on session); the device keeps it. */
export interface Session {
	token: string;
	/** Epoch ms. */
	expiresAt: number;
	member: SessionMember;
	workspace: SessionWorkspace;
	device: SessionDevice;
}

export interface MemberRow {
	id: string;
	name: string;
	role: Role;
	createdAt: number;
	/** Null while the member may sign in. */
	revokedAt: number | null;
}

export interface Invite {
	code: string;
	role: Role;
	expiresAt: number;
}

/** One change of a document read as facts (`GET /api/changes`), derived on the server. */
export interface ChangeLogEntry {
	seq: number;
	memberId: string;
	/** '' for a member no longer in the workspace. */
	memberName: string;
	at: number;
	facts: ChangeFact[];
}

/** What `GET /api/changes` answers: newest first; `historyFrom` when the kept history starts, or null. */
export interface ChangeLog {
	historyFrom: number | null;
	entries: ChangeLogEntry[];
}

/** Which changes `GET /api/changes` returns. */
export interface ChangeQuery {
	member?: string;
	/** Epoch ms, inclusive. */
	from?: number;
	to?: number;
	/** Only changes before this sequence number (the next page). */
	before?: number;
	limit?: number;
}

export interface AuditEntry {
	seq: number;
	memberId: string;
	memberName: string;
	at: number;
	bytes: number;
}

/**
 * An attempt to break a rule inside a document (src/lib/model/rules), refused by the server and
 * recorded for the office (`GET /api/violations`). Repeats of the same attempt (a device that
 * reconnects with the same refused change) count in `attempts` instead of adding rows.
 */
export interface ViolationEntry {
	id: number;
	/** The document's name in the workspace: `ledger`, `inspection/<id>` … */
	document: string;
	memberId: string;
	/** The member's name when the attempt was made. */
	memberName: string;
	/** The first attempt (epoch ms). */
	at: number;
	/** The latest repeat (epoch ms). */
	lastAt: number;
	attempts: number;
	/** A rule code of src/lib/model/rules/violation.ts (`forged_author` …). */
	rule: string;
	/** What was tried, as plain values (`ViolationDetail`). */
	detail: Record<string, unknown>;
	/**
	 * Kept rather than refused: a conflict a device offline meanwhile may cause honestly (a
	 * department still rectifying a hazard the office re-routed or closed); stored and seen by all.
	 */
	kept: boolean;
}

/** A one-time sign-in code a leader or the office made for an existing member. */
export interface SigninCodeView {
	code: string;
	/** Epoch ms. */
	expiresAt: number;
	member: SessionMember;
}

/** What a code typed on the welcome page is: an invite (asks for a name) or a sign-in code. */
export type CodeInfo =
	| { kind: 'invite'; role: Role; workspace: SessionWorkspace; expiresAt: number }
	| { kind: 'signin'; member: SessionMember; workspace: SessionWorkspace; expiresAt: number };
/** One device's sign-in: listed so a member or the office can end it alone (a lost phone). */
export interface DeviceSession {
	id: string;
	/** The browser's User-Agent when it signed in, to tell the devices apart. */
	agent: string;
	createdAt: number;
	/** When its current token expires; a refresh moves it. */
	expiresAt: number;
	/** Roughly when it was last used (updated at most every 10 minutes). */
	lastSeenAt: number | null;
	revokedAt: number | null;
	/** The device's number and hazard-number code in the workspace. */
	device: SessionDevice;
	/** True for the session of the token that asked. */
	current?: boolean;
}

/** An invite as the office sees it in the list: pending, used, expired or cancelled. */
export interface InviteListing extends Invite {
	createdAt: number;
	status: 'pending' | 'used' | 'expired' | 'cancelled';
	usedAt: number | null;
	/** The member who redeemed it, by name. */
	usedByName: string | null;
}

/**
 * A photo the server stores (`PUT /api/blobs/<workspace>/<hash>` answers it, 201 when stored now,
 * 200 when it was already there). `hash` is the SHA-256 of the bytes (64 lowercase hex digits).
 */
export interface StoredPhoto {
	hash: string;
	type: PhotoType;
	bytes: number;
}
