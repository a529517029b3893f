import { AppError } from '../../errors.ts';
import { dateProblem } from '../../http/input-check.ts';
import type { SheetColumn } from './kind.ts';
import { enterprisesByCreditCodeOrName, refItemByCodeOrName, regionCodesNamed } from './repo/references.ts';

/** Cell readers for import sheets: each turns text into an input value or names what is wrong. */
type Parse = NonNullable<SheetColumn['parse']>;
const bad = (message: string) => new AppError('VALIDATION', message);

export const text: Parse = (t) => t.trim();

export const number: Parse = (t) => {
  const n = Number(t.replace(/,/g, ''));
  if (!Number.isFinite(n)) throw bad(`"${t}" is not a number`);
  return n;
};

export const date: Parse = (t) => {
  const s = t
    .trim()
    .replace(/[/.年月]/g, '-')
    .replace(/日$/, '');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s);
  if (!m) throw bad(`"${t}" is not a date; write YYYY-MM-DD`);
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(iso + 'T00:00:00Z');
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso)
    throw bad(`"${t}" is not a real date`);
  const problem = dateProblem(iso);
  if (problem) throw bad(problem);
  return iso;
};

const yes = ['是', 'y', 'yes', 'true', '1', '√'];
const no = ['否', 'n', 'no', 'false', '0', '×'];
export const bool: Parse = (t) => {
  const v = t.trim().toLowerCase();
  if (yes.includes(v)) return true;
  if (no.includes(v)) return false;
  throw bad(`"${t}" is not yes/no (是/否)`);
};

/** A reference-data code given as its code or its Chinese or English name. */
export const ref =
  (kind: string): Parse =>
  async (t, { tx }) => {
    const v = t.trim();
    const code = await refItemByCodeOrName(tx, kind, v);
    if (code === undefined) throw bad(`Unknown ${kind.replace(/_/g, ' ')} "${v}"`);
    return code;
  };

/** A region given as its division code or its exact Chinese name. */
export const region: Parse = async (t, { tx }) => {
  const v = t.trim();
  if (/^\d+$/.test(v)) return v;
  const rows = await regionCodesNamed(tx, v);
  if (rows.length === 1) return rows[0];
  throw bad(
    rows.length
      ? `Region name "${v}" is ambiguous; use its division code`
      : `Unknown region "${v}"; use a division code`,
  );
};

/** An enterprise given by its credit code or exact name (scope is checked later by the kind). */
export const enterprise: Parse = async (t, { tx }) => {
  const v = t.trim();
  const rows = await enterprisesByCreditCodeOrName(tx, v);
  if (rows.length === 1) return rows[0];
  throw bad(
    rows.length
      ? `"${v}" matches several enterprises; use the credit code`
      : `No enterprise "${v}" (give its credit code or exact name)`,
  );
};

export const choice =
  (values: Record<string, string>): Parse =>
  (t) => {
    const v = t.trim();
    const hit = Object.entries(values).find(([code, zh]) => v === code || v === zh);
    if (!hit)
      throw bad(
        `"${v}" is not one of ${Object.entries(values)
          .map(([c, z]) => `${z}/${c}`)
          .join(', ')}`,
      );
    return hit[0];
  };
