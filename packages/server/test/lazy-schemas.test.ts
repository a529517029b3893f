import { describe, expect, it } from 'vitest';
import { lazyCompilers } from '../src/http/lazy-schemas.ts';

/** Route schemas are compiled on a route's first use; ajv's errors still reach Fastify. */
describe('lazy schema compilers', () => {
  it('compiles once, at first use, and forwards the validator errors', () => {
    let compiled = 0;
    const build = () => () => {
      compiled++;
      const validate = (data: unknown) => {
        const ok = typeof data === 'number';
        validate.errors = ok ? null : [{ message: 'must be number' }];
        return ok;
      };
      validate.errors = null as unknown;
      return validate;
    };
    const { buildValidator, buildSerializer } = lazyCompilers(build as never);
    const validate = buildValidator({}, {} as never)({ schema: {}, method: 'POST', url: '/x' }) as ((
      d: unknown,
    ) => boolean) & { errors: unknown };
    expect(compiled).toBe(0);
    expect(validate('a')).toBe(false);
    expect(validate.errors).toEqual([{ message: 'must be number' }]);
    expect(validate(1)).toBe(true);
    expect(validate.errors).toBeNull();
    expect(compiled).toBe(1);

    // The serializer is Fastify's own (fast-json-stringify), compiled at first use too.
    const serialize = buildSerializer(
      {},
      {} as never,
    )({
      schema: { type: 'object', properties: { a: { type: 'integer' } } },
      method: 'GET',
      url: '/x',
      httpStatus: '200',
    });
    expect(serialize({ a: 1, secret: 'not in the schema' })).toBe('{"a":1}');
  });
});
