import { ErrorBody } from '@redline/contracts';

/** The error answers the enforcement routes declare (one map for the module's route files). */
export const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
