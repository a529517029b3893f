import { ErrorBody } from '@redline/contracts';

/**
 * The error answers a route declares in its response schemas (all `ErrorBody`): one definition,
 * spread by every route (`{ 200: View, ...ERROR_RESPONSES }`), with a module adding what only it
 * answers (422, 413, 429…). http/openapi.ts adds, per operation, the ones every route can give.
 */
export const ERROR_RESPONSES = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
};
