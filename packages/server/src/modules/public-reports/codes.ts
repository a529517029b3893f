import { randomBytes } from 'node:crypto';
import { codeFromBytes, CODE_LENGTH } from '@redline/domain';

/** A fresh tracking code or site token: 12 characters, 60 bits from the system's CSPRNG. */
export const newCode = () => codeFromBytes(randomBytes(CODE_LENGTH));
