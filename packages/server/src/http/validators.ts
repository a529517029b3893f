import { createRequire } from 'node:module';

type Validate = (data: unknown) => boolean;
type RouteSchema = { schema: unknown; method: string; url: string; httpPart?: string };
type Compiler = (route: RouteSchema) => Validate;
type Options = { customOptions?: Record<string, unknown>; [k: string]: unknown };
type BuildValidator = (externalSchemas: unknown, options: Options) => Compiler;

// Fastify's own schema compiler (what it uses by default), loaded from fastify's dependencies.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const AjvCompiler = fromFastify('@fastify/ajv-compiler') as () => BuildValidator;

/**
 * Query strings and path parameters are text, so their schemas coerce ("2" → 2, "true" → true).
 * A JSON body is typed already: coercing it would accept `"name": 123`, and inside a nullable
 * union ajv tries the number branch first and turns `null` into 0 (clearing a latitude stored 0).
 * So bodies are validated without coercion.
 */
export function bodyStrictValidator(): BuildValidator {
  const coercing = AjvCompiler();
  const strict = AjvCompiler();
  return (externalSchemas, options) => {
    const coerce = coercing(externalSchemas, options);
    const exact = strict(externalSchemas, {
      ...options,
      customOptions: { ...options.customOptions, coerceTypes: false },
    });
    return (route) => (route.httpPart === 'body' ? exact(route) : coerce(route));
  };
}
