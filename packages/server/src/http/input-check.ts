import { isIsoDate } from '@redline/domain';
import { AppError, validation } from '../errors.ts';

/**
 * What the schema validator (ajv) lets through but the application must not:
 * - text with a NUL character, which PostgreSQL can neither store nor compare;
 * - a date in the YYYY-MM-DD pattern that is not a real day (2024-02-30) or is out of range.
 * Used for request bodies, query strings and path parameters, and for import rows.
 */
type Schema = {
  type?: string | string[];
  const?: unknown;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  pattern?: string;
};

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
/** Instants (`Instant` in contracts) are checked by pattern only, which lets 2026-13-45T… through. */
const INSTANT_PATTERN = /^\^\\d\{4\}-\\d\{2\}-\\d\{2\}T/;

/**
 * Dates the registry accepts. Bounded so that dates computed from them (expiry = issue + 6 years,
 * next inspection = last + 36 months) stay four-digit years the date rules can read.
 */
export const DATE_MIN = '1900-01-01';
export const DATE_MAX = '2999-12-31';

/** Why a YYYY-MM-DD string is not an acceptable date, or null. */
export function dateProblem(value: string): string | null {
  if (!isIsoDate(value)) return `${value} is not a real date`;
  if (value < DATE_MIN || value > DATE_MAX) return `${value} is outside ${DATE_MIN} … ${DATE_MAX}`;
  return null;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? 'number' : typeof v;
}

/** Does a branch of a union admit this JSON type (unconstrained branches do)? */
function admits(schema: Schema, type: string): boolean {
  if (schema.anyOf) return schema.anyOf.some((s) => admits(s, type));
  const types = schema.type
    ? Array.isArray(schema.type)
      ? schema.type
      : [schema.type]
    : schema.const !== undefined
      ? [jsonType(schema.const)]
      : null;
  return !types || types.includes(type) || (type === 'number' && types.includes('integer'));
}

function check(schema: Schema, value: unknown, path: string): [string, string] | null {
  const actual = jsonType(value);
  const s = schema.anyOf?.find((b) => admits(b, actual)) ?? schema;
  if (s !== schema && s.anyOf) return check(s, value, path);
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return [path, 'must not contain a NUL character (\\u0000)'];
    if (s.pattern === DATE_PATTERN && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const problem = dateProblem(value);
      if (problem) return [path, problem];
    }
    if (s.pattern && INSTANT_PATTERN.test(s.pattern) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
      const problem = dateProblem(value.slice(0, 10));
      if (problem) return [path, problem];
      if (!Number.isFinite(Date.parse(value))) return [path, `${value} is not a real time`];
    }
    return null;
  }
  // Only where the schema describes the shape: anything else is ajv's to refuse (and can't nest deeply).
  if (Array.isArray(value) && s.items) {
    for (let i = 0; i < value.length; i++) {
      const p = check(s.items, value[i], path ? `${path}.${i}` : String(i));
      if (p) return p;
    }
  } else if (actual === 'object' && s.properties) {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (!Object.hasOwn(s.properties, key)) continue;
      const p = check(s.properties[key], v, path ? `${path}.${key}` : key);
      if (p) return p;
    }
  }
  return null;
}

/** The first problem of a value against a schema, as [field path, message], or null. */
export function inputProblem(schema: unknown, value: unknown): [string, string] | null {
  if (!schema || typeof schema !== 'object' || value === undefined) return null;
  return check(schema as Schema, value, '');
}

export function checkInput(schema: unknown, value: unknown, part: 'body' | 'querystring' | 'params'): void {
  const problem = inputProblem(schema, value);
  if (!problem) return;
  const [field, message] = problem;
  if (!field) throw new AppError('VALIDATION', `The ${part === 'body' ? 'request body' : part} ${message}`);
  throw validation(field, `${field} ${message}`);
}
