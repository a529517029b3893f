import { ErrorBody } from '@redline/contracts';
import { fromDatabaseError } from '../../../errors.ts';
import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

/** The error answers the devices module's routes declare (unchanged per route). */
export const errors = ERROR_RESPONSES;

export const alarmErrors = { ...errors, 422: ErrorBody };

export const ingestErrors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  503: ErrorBody,
};

/** A database error (constraint, conflict) as the 4xx it stands for; anything else unchanged. */
export const asAppError = <T>(p: Promise<T>) =>
  p.catch((e) => {
    throw fromDatabaseError(e) ?? e;
  });
