import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, isErrorCode } from '@redline/contracts';
import { AppError } from '../src/errors.ts';

/**
 * One code → status map (contracts/src/errors.ts). `new AppError(code, …)` only takes a code of
 * that union (the type checker refuses any other), and its status is the map's. The answers built
 * outside AppError — the error handler's, the router's, the rate limiter's — are checked here.
 */
const SRC = path.resolve(import.meta.dirname, '../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });

describe('error codes', () => {
  it('every code answered outside AppError is in the map', () => {
    const literal = new Set<string>();
    for (const f of files(path.join(SRC, 'http')))
      for (const m of readFileSync(f, 'utf8').matchAll(/\bcode: '([A-Z_]+)'/g)) literal.add(m[1]);
    expect(literal.size).toBeGreaterThan(5);
    expect([...literal].filter((c) => !isErrorCode(c))).toEqual([]);
  });

  it('maps every code to a 4xx or 5xx, and AppError takes its status from the map', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(status >= 400 && status < 600, code).toBe(true);
      expect(new AppError(code as keyof typeof ERROR_STATUS, 'x').status).toBe(status);
    }
  });

  it('a rule refusal keeps its own code and the status its caller decides', () => {
    const e = AppError.refusal('DEADLINE_REQUIRED', 'a deadline is required', 400, 'deadline');
    expect([e.code, e.status, e.field]).toEqual(['DEADLINE_REQUIRED', 400, 'deadline']);
  });
});
