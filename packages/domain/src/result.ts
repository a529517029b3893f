/** Expected failures are values, not exceptions: callers branch on `ok`. Bugs still throw. */
export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; code: string; message: string; field?: string };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: string, message: string, field?: string): Err => ({
  ok: false,
  code,
  message,
  field,
});
