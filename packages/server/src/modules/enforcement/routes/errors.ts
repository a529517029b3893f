import { ERROR_RESPONSES } from '../../../http/error-responses.ts';

/** The error answers the enforcement routes declare (one map for the module's route files). */
export const errors = ERROR_RESPONSES;
