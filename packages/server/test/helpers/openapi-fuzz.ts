import { createRequire } from 'node:module';
import fc from 'fast-check';

/**
 * What the API fuzzer needs from the served OpenAPI document: the operations, a fast-check
 * arbitrary for any of its (JSON Schema 2020-12) schemas, and ajv validators of the declared
 * answers. The root `ajv` is v6 (for eslint); Fastify's own ajv 8 is used, in its 2020-12 dialect.
 */
const fromCompiler = createRequire(createRequire(import.meta.url).resolve('@fastify/ajv-compiler'));
const Ajv2020 = fromCompiler('ajv/dist/2020').default as new (opts: object) => AjvLike;
const addFormats = createRequire(import.meta.url)('ajv-formats') as (ajv: AjvLike) => void;
interface AjvLike {
  compile(
    schema: object,
  ): ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
}

export type Schema = Record<string, unknown>;
export interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}
export interface Answer {
  /** media type → schema (undefined: no schema given) */
  content: Record<string, Schema | undefined>;
}
export interface Operation {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** '/api/enterprises/{id}' */
  path: string;
  params: Param[];
  /** media type → schema of the request body */
  body?: Record<string, Schema>;
  bodyRequired: boolean;
  responses: Record<string, Answer>;
  security: unknown[];
}

type Doc = {
  paths: Record<string, Record<string, Schema>>;
  components?: { schemas?: Record<string, Schema>; responses?: Record<string, Schema> };
};

/** `$ref`s to the document's components resolved in place (the document has no recursive schemas). */
function deref(doc: Doc, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => deref(doc, v));
  if (!value || typeof value !== 'object') return value;
  const ref = (value as { $ref?: string }).$ref;
  if (ref) {
    const target = ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], doc);
    if (!target) throw new Error(`unresolved ${ref}`);
    return deref(doc, target);
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deref(doc, v)]));
}

export function operationsOf(raw: unknown): Operation[] {
  const doc = raw as Doc;
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, rawOp] of Object.entries(item)) {
      const op = deref(doc, rawOp) as {
        operationId: string;
        parameters?: Param[];
        requestBody?: { required?: boolean; content: Record<string, { schema?: Schema }> };
        responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
        security?: unknown[];
      };
      out.push({
        id: op.operationId,
        method: method.toUpperCase() as Operation['method'],
        path,
        params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'),
        body: op.requestBody
          ? Object.fromEntries(Object.entries(op.requestBody.content).map(([t, m]) => [t, m.schema ?? {}]))
          : undefined,
        bodyRequired: op.requestBody?.required ?? false,
        responses: Object.fromEntries(
          Object.entries(op.responses).map(([status, r]) => [
            status,
            { content: Object.fromEntries(Object.entries(r.content ?? {}).map(([t, m]) => [t, m.schema])) },
          ]),
        ),
        security: op.security ?? [{}],
      });
    }
  }
  return out;
}

/** Validators of declared answers, compiled once each. */
export function answerChecker() {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  const cache = new Map<Schema, ReturnType<AjvLike['compile']>>();
  return (schema: Schema, value: unknown): string | null => {
    let v = cache.get(schema);
    if (!v) cache.set(schema, (v = ajv.compile(schema)));
    if (v(value)) return null;
    const e = v.errors?.[0];
    return `${e?.instancePath || '/'} ${e?.message ?? 'invalid'}`;
  };
}

export interface Hints {
  /** ids to use for a uuid-valued property or parameter, by its name (real records make 2xx reachable) */
  uuid: (name: string) => string[];
  /** a value for a string property by its name, when a plain generated one would never pass */
  string?: (name: string) => string[] | undefined;
}

/** A fast-check arbitrary of values valid against a JSON schema (as far as the schema says). */
export function arbitraryOf(schema: Schema, hints: Hints, name = ''): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => arbitraryOf(s, hints, name)));
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1)
    return arbitraryOf(schema.allOf[0] as Schema, hints, name);
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  if (type.length > 1) return fc.oneof(...type.map((t) => arbitraryOf({ ...schema, type: t }, hints, name)));
  switch (type[0]) {
    case 'string':
      return stringOf(schema, hints, name);
    case 'integer':
    case 'number': {
      const int = type[0] === 'integer';
      const min = num(schema.minimum) ?? (num(schema.exclusiveMinimum) ?? -1e6 - 1) + (int ? 1 : 1e-6);
      const max = num(schema.maximum) ?? (num(schema.exclusiveMaximum) ?? 1e6 + 1) - (int ? 1 : 1e-6);
      return int
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, min + 1e6)) })
        : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryOf((schema.items as Schema) ?? {}, hints, name), {
        minLength: num(schema.minItems) ?? 0,
        maxLength: Math.min(num(schema.maxItems) ?? 3, (num(schema.minItems) ?? 0) + 3),
      });
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const shape = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, arbitraryOf(s, hints, k)]));
      return fc.record(shape, { requiredKeys: [...required].filter((k) => k in props) });
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

function stringOf(schema: Schema, hints: Hints, name: string): fc.Arbitrary<unknown> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.min(num(schema.maxLength) ?? 40, minLength + 40);
  const plain = fc.string({ minLength, maxLength });
  switch (schema.format) {
    case 'uuid': {
      const known = hints.uuid(name);
      return known.length
        ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, fc.uuid())
        : fc.uuid();
    }
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
  }
  const hinted = hints.string?.(name);
  const patterned = typeof schema.pattern === 'string' ? matching(schema.pattern) : null;
  const base = patterned ?? plain;
  return hinted?.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hinted) }, base) : base;
}

function matching(pattern: string): fc.Arbitrary<string> | null {
  try {
    // No length filter: a pattern with its own length bounds meets them, and one without may run
    // over (then the request is a mutated one, answered with a 400) — filtering could loop forever.
    return fc.stringMatching(new RegExp(pattern, 'u'));
  } catch {
    return null;
  }
}

/** Values that are wrong in every way the server must survive. */
export const NASTY: unknown[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDC00y',
  '\uFFFF',
  'x'.repeat(100_000),
  '%',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '2024-02-30',
  '9999-12-31T25:61:00Z',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  '1e999',
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 63,
  -(2 ** 63),
  1e308,
  [],
  {},
  [[]],
  { $gt: '' },
];

/** Path segments that are not a usable id (each already percent-encoded). */
export const ODD_IDS = [
  'not-a-uuid',
  '9223372036854775808',
  '-1',
  '0',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-fffffffffffg',
  '%00',
  '%ED%A0%80', // a lone surrogate, UTF-8 encoded
  '%E0%A4%A', // broken percent-encoding
  '%27%20OR%201%3D1',
  'x'.repeat(300),
  '..%2F..%2Fetc%2Fpasswd',
  '%F0%9F%92%A5',
];
