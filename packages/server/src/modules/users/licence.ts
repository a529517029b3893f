import type { Kysely } from 'kysely';
import {
  certificateNumberProblem,
  isRegulator,
  normaliseCertificateNumber,
  type Role,
} from '@redline/domain';
import type { DB } from '../../db/schema.ts';
import { conflict, validation } from '../../errors.ts';
import { licenceTaken } from './repo.ts';

/**
 * A law-enforcement certificate number (执法证号) given for an account: null or empty clears it;
 * otherwise normalised, checked for shape (domain certificateNumberProblem) and for being nobody
 * else's — two accounts with one certificate are not two officers (Administrative Penalty Law 2021
 * art. 42). Only regulators carry one.
 */
export async function checkedLicence(
  db: Kysely<DB>,
  value: string | null | undefined,
  role: Role,
  exceptUserId?: string,
): Promise<string | null | undefined> {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  if (!isRegulator(role))
    throw validation(
      'licenceNo',
      'Only a regulator account carries a law-enforcement certificate number (执法证号)',
    );
  const problem = certificateNumberProblem(value);
  if (problem) throw validation('licenceNo', `${problem} (执法证号)`);
  const n = normaliseCertificateNumber(value);
  if (await licenceTaken(db, n, exceptUserId))
    throw conflict(`The law-enforcement certificate number ${n} is already on another account`, 'licenceNo');
  return n;
}
