import { err, ok, type Result } from './result.ts';

/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015).
 * 18 characters: registration authority, organisation type, 6-digit division code, 9-character
 * organisation code, check character. I, O, S, V, Z are left out so they cannot be misread.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weight of position i (1-based) is 3^(i-1) mod 31. */
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const CHARSET_RE = /^[0-9A-HJ-NPQRTUWXY]*$/;

/** Check character for the first 17 characters, or null when they are not 17 characters of the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  const s = first17.trim().toUpperCase();
  if (s.length !== 17 || !CHARSET_RE.test(s)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(s[i]) * CREDIT_CODE_WEIGHTS[i];
  const value = (31 - (sum % 31)) % 31; // 31 wraps to 0
  return CREDIT_CODE_ALPHABET[value];
}

/** Validates and normalises (trim, upper case) a credit code; the value is the normalised code. */
export function validateCreditCode(code: string): Result<string> {
  const s = code.trim().toUpperCase();
  if (s.length !== 18) {
    return err(
      'CREDIT_CODE_LENGTH',
      `统一社会信用代码应为 18 位，实际 ${s.length} 位 / must be 18 characters, got ${s.length}`,
    );
  }
  if (!CHARSET_RE.test(s)) {
    const bad = [...s].find((c) => !CREDIT_CODE_ALPHABET.includes(c));
    return err(
      'CREDIT_CODE_CHARSET',
      `统一社会信用代码含非法字符 “${bad}”（不使用 I、O、S、V、Z）/ invalid character "${bad}": only 0-9 and A-Z without I, O, S, V, Z`,
    );
  }
  const expected = creditCodeCheckChar(s.slice(0, 17));
  if (expected !== s[17]) {
    return err(
      'CREDIT_CODE_CHECK',
      `校验码应为 ${expected}，实际为 ${s[17]}，请核对代码 / check character should be ${expected}, got ${s[17]}: check for a typo`,
    );
  }
  return ok(s);
}

/** Appends the check character; for demo data and tests. Throws on bad input (a bug in the caller). */
export function generateCreditCode(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (check === null) throw new RangeError(`not 17 credit-code characters: ${JSON.stringify(first17)}`);
  return first17.trim().toUpperCase() + check;
}

/** Positions 3–8 hold the registering division code; null when they are not six digits. */
export function creditCodeDivision(code: string): string | null {
  const div = code.trim().slice(2, 8);
  return /^\d{6}$/.test(div) ? div : null;
}
