import { ErrorBody } from '@redline/contracts';

/** What every checklist route declares: its OpenAPI tag and its error answers. */
export const tags = ['checklists'];
export const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
