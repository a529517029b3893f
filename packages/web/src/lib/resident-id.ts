/** Resident ID number (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type ResidentIdProblem = 'format' | 'check';

export function residentIdProblem(id: string): ResidentIdProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  return residentIdCheckChar(id.slice(0, 17)) === id[17] ? null : 'check';
}
