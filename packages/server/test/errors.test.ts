import { describe, expect, it } from 'vitest';
import { fromDatabaseError } from '../src/errors.ts';

/** Database errors that bad input can cause become stable 4xx errors, and never quote stored values. */
describe('fromDatabaseError', () => {
  it.each([
    ['23505', 409, 'CONFLICT'],
    ['23503', 400, 'VALIDATION'],
    ['23514', 400, 'VALIDATION'],
    ['22003', 400, 'VALIDATION'],
    ['22021', 400, 'VALIDATION'],
    ['22P05', 400, 'VALIDATION'],
    ['54000', 400, 'VALIDATION'],
    ['22P02', 400, 'VALIDATION'],
    ['22007', 400, 'VALIDATION'],
    ['22008', 400, 'VALIDATION'],
  ])('maps SQLSTATE %s to %i %s', (code, status, appCode) => {
    const e = fromDatabaseError({ code, constraint: 'some_constraint', message: 'detail from the server' });
    expect(e?.status).toBe(status);
    expect(e?.code).toBe(appCode);
  });

  it('leaves other errors (bugs, lost connections) alone', () => {
    for (const e of [new Error('boom'), { code: '08006' }, { code: '42P01' }, null, undefined, 'text'])
      expect(fromDatabaseError(e)).toBeNull();
  });

  it('a unique violation names the constraint, not the stored value', () => {
    const e = fromDatabaseError({
      code: '23505',
      constraint: 'workers_id_number_hash_key',
      detail: 'Key (id_number_hash)=(5f2c9a) already exists.',
    });
    expect(e?.message).toContain('workers_id_number_hash_key');
    expect(e?.message).not.toContain('5f2c9a');
  });
});
