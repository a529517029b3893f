import { Type } from '@sinclair/typebox';
import { ErrorBody, Uuid } from '@redline/contracts';
import { ERROR_RESPONSES } from '../../http/error-responses.ts';

/** What the inspections module's routes share: the declared error answers, the tag, path parameters. */
export const errors = { ...ERROR_RESPONSES, 413: ErrorBody, 415: ErrorBody };
export const tags = ['inspections'];
export const FindingParams = Type.Object({ id: Uuid, findingId: Uuid });
export const PhotoParams = Type.Object({ id: Uuid, findingId: Uuid, fileId: Uuid });
export const CancelInput = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }) },
  { additionalProperties: false },
);
