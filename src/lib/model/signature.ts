import { ModelError } from './errors.ts';

/**
 * A member's signature on a round (round-lifecycle.ts): the strokes they drew, as vector data, or a
 * confirmation by name where drawing is not possible (no touch screen, a shaking hand, a screen
 * reader).
 *
 * Vector data, not a PNG: a stroke is a flat list of integer coordinates `[x0, y0, x1, y1, …]` in
 * the pad's CSS pixels, the pad's size alongside, so any screen or print redraws it sharp at any
 * scale. A signature of a few hundred points takes 2–6 KiB of JSON; `SIGNATURE_MAX_BYTES` caps what
 * a document must carry forever, and `compactStrokes` thins the points until a drawing fits.
 */
export type Signature = DrawnSignature | { confirmedByName: true };

export interface DrawnSignature {
	/** The pad's size in CSS pixels when drawn. */
	width: number;
	height: number;
	strokes: number[][];
}

/** Most bytes of a signature as JSON. */
export const SIGNATURE_MAX_BYTES = 16 * 1024;
/** Largest pad side, in CSS pixels. */
const MAX_SIDE = 4096;

export function isDrawn(signature: Signature): signature is DrawnSignature {
	return 'strokes' in signature;
}

/** A point as a drawing library reports it (signature_pad's `toData()` points). */
export interface PadPoint {
	x: number;
	y: number;
}

/** What a pad drew: its strokes' points and its size in CSS pixels. */
export interface PadDrawing {
	strokes: PadPoint[][];
	width: number;
	height: number;
}

/**
 * Strokes from a pad as compact integer lists under `maxBytes`: points nearer than a minimum
 * distance to the last kept one are dropped, doubling the distance until the drawing fits (each
 * stroke keeps its first and last point). Null when even the coarsest drawing does not fit or
 * there is nothing drawn.
 */
export function compactStrokes(
	strokes: readonly (readonly PadPoint[])[],
	width: number,
	height: number,
	maxBytes: number = SIGNATURE_MAX_BYTES
): DrawnSignature | null {
	const w = Math.round(width);
	const h = Math.round(height);
	const drawn = strokes.filter((stroke) => stroke.length > 0);
	if (drawn.length === 0 || !(w > 0 && h > 0)) return null;
	for (let minDistance = 1; minDistance <= 64; minDistance *= 2) {
		const signature = { width: w, height: h, strokes: drawn.map((s) => thin(s, minDistance, w, h)) };
		if (signatureBytes(signature) <= maxBytes) return signature;
	}
	return null;
}

function thin(stroke: readonly PadPoint[], minDistance: number, w: number, h: number): number[] {
	const out: number[] = [];
	const clamp = (v: number, max: number) => Math.min(max, Math.max(0, Math.round(v)));
	stroke.forEach((point, i) => {
		const x = clamp(point.x, w);
		const y = clamp(point.y, h);
		const n = out.length;
		const last = i === stroke.length - 1;
		if (n > 0 && !last && Math.hypot(x - out[n - 2]!, y - out[n - 1]!) < minDistance) return;
		out.push(x, y);
	});
	return out;
}

export function signatureBytes(signature: Signature): number {
	return JSON.stringify(signature).length;
}

/**
 * Checks a signature before it is written, and returns it in its stored form (only the known
 * keys). Throws `invalid_signature` for a wrong shape and `too_long` past `SIGNATURE_MAX_BYTES`.
 */
export function requireSignature(raw: unknown): Signature {
	const signature = parseSignature(raw);
	if (signature === null)
		throw new ModelError('invalid_signature', 'not a signature', { field: 'signature' });
	if (signatureBytes(signature) > SIGNATURE_MAX_BYTES)
		throw new ModelError('too_long', 'signature too large', {
			field: 'signature',
			max: SIGNATURE_MAX_BYTES
		});
	return signature;
}

/** Reads a stored signature defensively; null when it is neither kind. */
export function parseSignature(raw: unknown): Signature | null {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
	const r = raw as Record<string, unknown>;
	if (r.confirmedByName === true && r.strokes === undefined) return { confirmedByName: true };
	if (!isSide(r.width) || !isSide(r.height) || !Array.isArray(r.strokes) || r.strokes.length === 0)
		return null;
	const strokes: number[][] = [];
	for (const stroke of r.strokes as unknown[]) {
		if (!Array.isArray(stroke) || stroke.length < 2 || stroke.length % 2 !== 0) return null;
		if (!stroke.every((v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_SIDE))
			return null;
		strokes.push(stroke as number[]);
	}
	return { width: r.width, height: r.height, strokes };
}

function isSide(v: unknown): v is number {
	return Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_SIDE;
}

/** SVG path data (`d`) for each stroke; a single point becomes a dot under a round line cap. */
export function strokePaths(signature: DrawnSignature): string[] {
	return signature.strokes.map((stroke) => {
		let d = `M${stroke[0]} ${stroke[1]}`;
		if (stroke.length === 2) return `${d}h0.1`;
		for (let i = 2; i < stroke.length; i += 2) d += `L${stroke[i]} ${stroke[i + 1]}`;
		return d;
	});
}
