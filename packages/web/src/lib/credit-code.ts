/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters from a 31-character alphabet (digits and upper-case letters without I, O, Z, S, V);
 * the last one is a check character over the first 17.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The check character for the first 17 characters, or null when one of them is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

export type CreditCodeProblem = 'length' | 'alphabet' | 'check';

/** Why a code is not a valid unified social credit code, or null when it is valid. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return 'alphabet';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

export const isValidCreditCode = (code: string): boolean => creditCodeProblem(code) === null;
