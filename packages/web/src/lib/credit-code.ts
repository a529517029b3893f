import { validateCreditCode } from '@redline/domain';

/** The form's reasons for refusing a unified social credit code: the domain's rule (GB 32100-2015), one code each. */
export type CreditCodeProblem = 'length' | 'alphabet' | 'check';
const PROBLEMS: Record<string, CreditCodeProblem> = {
  CREDIT_CODE_LENGTH: 'length',
  CREDIT_CODE_CHARSET: 'alphabet',
  CREDIT_CODE_CHECK: 'check',
};

/** Why a code is not valid, or null when it is (case and surrounding spaces are normalised, as the server does). */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const r = validateCreditCode(code);
  return r.ok ? null : PROBLEMS[r.code];
}
