import { isRealDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';

/**
 * Resident identity number (GB 11643-1999): 6-digit division, 8-digit birth date, 3-digit
 * sequence, check character by ISO 7064 MOD 11-2. Personal data: store it, show it masked.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const; // 2^(17-i) mod 11
const CHECK_CHARS = '10X98765432'; // indexed by sum mod 11

export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

export interface ResidentIdOptions {
  /** When given (YYYY-MM-DD), a birth date after it is rejected. */
  today?: string;
}

/** Validates and normalises (trim, upper-case X) an 18-character resident ID. */
export function validateResidentId(id: string, options: ResidentIdOptions = {}): Result<string> {
  const s = id.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) {
    return err(
      'RESIDENT_ID_FORMAT',
      '身份证号应为 18 位：17 位数字加一位数字或 X / must be 17 digits followed by a digit or X',
    );
  }
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  // 1800 is a generous floor: anything earlier is a typo, not a living worker.
  if (y < 1800 || !isRealDate(y, m, d) || (options.today !== undefined && birth > options.today)) {
    return err(
      'RESIDENT_ID_BIRTHDATE',
      `第 7–14 位出生日期 ${s.slice(6, 14)} 无效 / digits 7–14 (${s.slice(6, 14)}) are not a valid birth date`,
    );
  }
  const expected = residentIdCheckChar(s.slice(0, 17));
  if (expected !== s[17]) {
    return err(
      'RESIDENT_ID_CHECK',
      `校验码应为 ${expected}，实际为 ${s[17]}，请核对号码 / check character should be ${expected}, got ${s[17]}`,
    );
  }
  return ok(s);
}

/** Keeps the division (first 6) and the last 4, hiding the birth date: 110101********123X. */
export function maskResidentId(id: string): string {
  const s = id.trim().toUpperCase();
  if (s.length !== 18) return '*'.repeat(s.length); // never leak a malformed number either
  return s.slice(0, 6) + '*'.repeat(8) + s.slice(14);
}

/** Appends the check character; for demo data and tests. Throws on bad input. */
export function generateResidentId(first17: string): string {
  const check = residentIdCheckChar(first17);
  if (check === null) throw new RangeError(`not 17 digits: ${JSON.stringify(first17)}`);
  return first17 + check;
}
