import { validateResidentId } from '@redline/domain';

/** The form's reasons for refusing a resident ID number: the domain's rule (GB 11643), one code each. */
export type ResidentIdProblem = 'format' | 'birthdate' | 'check';
const PROBLEMS: Record<string, ResidentIdProblem> = {
  RESIDENT_ID_FORMAT: 'format',
  RESIDENT_ID_BIRTHDATE: 'birthdate',
  RESIDENT_ID_CHECK: 'check',
};

export function residentIdProblem(id: string): ResidentIdProblem | null {
  const r = validateResidentId(id);
  return r.ok ? null : PROBLEMS[r.code];
}
