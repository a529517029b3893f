import { ErrorBody } from '@redline/contracts';
import { ERROR_RESPONSES } from '../../http/error-responses.ts';

/** What every checklist route declares: its OpenAPI tag and its error answers. */
export const tags = ['checklists'];
export const errors = { ...ERROR_RESPONSES, 422: ErrorBody };
