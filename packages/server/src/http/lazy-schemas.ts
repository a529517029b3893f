import { createRequire } from 'node:module';

type Compile = (route: Record<string, unknown>) => (data: unknown) => unknown;
type Build = (externalSchemas: unknown, options: never) => Compile;

// Fastify's own serializer compiler (what it uses by default), loaded from fastify's dependencies.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const { SerializerSelector } = fromFastify('@fastify/fast-json-stringify-compiler') as {
  SerializerSelector: () => Build;
};

/**
 * Compiles a route's validators and response serializers when the route is first used, not at
 * start: ajv and fast-json-stringify over some 150 routes took about 1 s of a 5 s start. The same
 * compilers with the same options do the work, so what is accepted and returned is unchanged; a
 * route's first request pays its compile (a few milliseconds).
 */
export function lazyCompilers(buildValidator: Build) {
  const buildSerializer = SerializerSelector();
  return {
    buildValidator: lazyBuild(buildValidator),
    buildSerializer: lazyBuild(buildSerializer),
  };
}

function lazyBuild(build: Build): Build {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => lazy(() => compile(route));
  };
}

function lazy(compile: () => (data: unknown) => unknown) {
  let fn: ((data: unknown) => unknown) | undefined;
  const get = () => (fn ??= compile());
  const run = (data: unknown) => get()(data);
  // Fastify reads ajv's `errors` from the function it was given after a failed validation.
  Object.defineProperty(run, 'errors', { get: () => (get() as { errors?: unknown }).errors });
  return run;
}
