/**
 * Every error code the API answers with, and its HTTP status — the one map (server and web read
 * it). A refusal by a domain rule with codes of its own (the hazard and alarm lifecycles' codes,
 * such as DEADLINE_REQUIRED) keeps the domain's code; those are documented with their rules.
 */
export const ERROR_STATUS = {
  // the request itself
  VALIDATION: 400,
  BAD_REQUEST: 400,
  BAD_JSON: 400,
  BAD_MULTIPART: 400,
  BAD_URL: 400,
  URL_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  // files
  BAD_FILE: 400,
  EMPTY_FILE: 400,
  BROKEN_IMAGE: 400,
  BROKEN_FILE: 400,
  TOO_MANY_PHOTOS: 400,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE: 415,
  EXPORT_TOO_LARGE: 400,
  WEAK_PASSWORD: 400,
  // who is asking
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  DEVICE_UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  // the state of the records
  CONFLICT: 409,
  ILLEGAL_TRANSITION: 409,
  ALREADY_ISSUED: 409,
  ALREADY_SIGNED: 409,
  AUTHORITY_REQUIRED: 409,
  DRAFT_EXISTS: 409,
  HAZARD_CLOSED: 409,
  ISSUED_IMMUTABLE: 409,
  ITEMS_PENDING: 409,
  LIBRARY_EXISTS: 409,
  NOT_READY: 409,
  TABLE_IN_ERROR: 409,
  /** Administrative Penalty Law (2021) art. 42: at least two certified law-enforcement officers. */
  TWO_OFFICERS_REQUIRED: 409,
  VERSION_FROZEN: 409,
  /** Order No. 493 art. 13: casualty changes only within 30 days (road traffic and fire 7) of the accident. */
  ACCIDENT_UPDATE_WINDOW_CLOSED: 409,
  /** Offline sync (issue 19): the inspection changed since the version the device had (If-Match). */
  INSPECTION_CHANGED: 409,
  /** Offline sync: the checklist version the device used was retired meanwhile. */
  CHECKLIST_VERSION_RETIRED: 409,
  /** Offline sync: the first request with this Idempotency-Key is still running; retry shortly. */
  IDEMPOTENCY_IN_PROGRESS: 409,
  /** Points exchange (issue 18): the balance or the stock does not cover a redemption. */
  POINTS_INSUFFICIENT: 409,
  OUT_OF_STOCK: 409,
  UNPROCESSABLE: 422,
  /** Offline sync: an Idempotency-Key sent again with another method, path or body. */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** A revealed draw seed whose SHA-256 is not the published commitment (spot-check plans, issue 14). */
  COMMITMENT_MISMATCH: 422,
  DRAFT_INVALID: 422,
  /** The acting officer's account carries no law-enforcement certificate number (执法证号). */
  CERTIFICATE_NUMBER_MISSING: 422,
  // the server
  INGEST_BUSY: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_STATUS, code);
