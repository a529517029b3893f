import { ERROR_STATUS, type ErrorCode } from '@redline/contracts';

export { ERROR_STATUS, type ErrorCode };

/**
 * One error type for expected failures. Its code is one of contracts' ErrorCode union and its
 * status comes from the one code → status map (contracts/src/errors.ts); messages say what to fix,
 * `field` names the input at fault.
 */
export class AppError extends Error {
  code: string;
  status: number;
  constructor(
    code: ErrorCode,
    message: string,
    public readonly field?: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.code = code;
    this.status = ERROR_STATUS[code];
  }

  /**
   * A refusal by a rule that has codes of its own — the domain's hazard and alarm lifecycles
   * (DEADLINE_REQUIRED, ROLE_NOT_ALLOWED…), backup and restore — with the status its caller decides
   * from the kind of rule (a field at fault 400, not allowed 403, the state 409).
   */
  static refusal(code: string, message: string, status: number, field?: string): AppError {
    const e = new AppError('UNPROCESSABLE', message, field);
    e.code = code;
    e.status = status;
    return e;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const validation = (field: string, message: string) => new AppError('VALIDATION', message, field);
export const conflict = (message: string, field?: string) => new AppError('CONFLICT', message, field);

/** Constraint violations that slipped past the checks become a 409/400 instead of a 500. */
export function fromDatabaseError(e: unknown): AppError | null {
  const pg = e as { code?: string; constraint?: string; detail?: string; message?: string };
  switch (pg?.code) {
    case '23505':
      // The constraint, not pg's detail: the detail quotes stored values (hashes, personal data).
      return new AppError('CONFLICT', `Already exists (${pg.constraint ?? 'unique constraint'})`);
    case '23503':
      return new AppError(
        'VALIDATION',
        `Refers to a record that does not exist (${pg.constraint ?? 'foreign key'})`,
      );
    case '23514':
      return new AppError('VALIDATION', `A value is out of range (${pg.constraint ?? 'check constraint'})`);
    case '22003':
      return new AppError('VALIDATION', 'A number is out of range');
    case '22021':
    case '22P05':
      return new AppError('VALIDATION', 'Text contains a character that cannot be stored (such as NUL)');
    case '54000':
      return new AppError('VALIDATION', 'A value is too long');
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('VALIDATION', `A value has the wrong format: ${pg.message}`);
    default:
      return null;
  }
}
