import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted, `undefined` dropped, dates as ISO strings. The same value
 * always gives the same text, also after a round trip through a jsonb column, so a digest of it
 * can be recomputed later and compared.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : normalise(x)));
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = normalise(x);
    }
    return out;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** sha256 of the canonical JSON of a value; null stays null (no state before a creation). */
export const digestOf = (value: unknown): string | null =>
  value === undefined || value === null ? null : sha256(canonicalJson(value));
