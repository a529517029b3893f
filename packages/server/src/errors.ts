/**
 * One error type for expected failures, with stable codes mapped to HTTP statuses in one place.
 * Messages say what to fix; `field` names the input at fault.
 */
export const ERROR_STATUS = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  WEAK_PASSWORD: 400,
  UNSUPPORTED_FILE: 415,
  FILE_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  RATE_LIMITED: 429,
  UNPROCESSABLE: 422,
  INTERNAL: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode | string,
    message: string,
    public readonly status: number = ERROR_STATUS[code as ErrorCode] ?? 400,
    public readonly field?: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('FORBIDDEN', message);
export const validation = (field: string, message: string) => new AppError('VALIDATION', message, 400, field);
export const conflict = (message: string, field?: string) => new AppError('CONFLICT', message, 409, field);

/** Constraint violations that slipped past the checks become a 409/400 instead of a 500. */
export function fromDatabaseError(e: unknown): AppError | null {
  const pg = e as { code?: string; constraint?: string; detail?: string; message?: string };
  switch (pg?.code) {
    case '23505':
      // The constraint, not pg's detail: the detail quotes stored values (hashes, personal data).
      return new AppError('CONFLICT', `Already exists (${pg.constraint ?? 'unique constraint'})`, 409);
    case '23503':
      return new AppError(
        'VALIDATION',
        `Refers to a record that does not exist (${pg.constraint ?? 'foreign key'})`,
        400,
      );
    case '23514':
      return new AppError(
        'VALIDATION',
        `A value is out of range (${pg.constraint ?? 'check constraint'})`,
        400,
      );
    case '22003':
      return new AppError('VALIDATION', 'A number is out of range', 400);
    case '22021':
    case '22P05':
      return new AppError('VALIDATION', 'Text contains a character that cannot be stored (such as NUL)', 400);
    case '54000':
      return new AppError('VALIDATION', 'A value is too long', 400);
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('VALIDATION', `A value has the wrong format: ${pg.message}`, 400);
    default:
      return null;
  }
}
