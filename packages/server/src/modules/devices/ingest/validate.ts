import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DeviceEventV1, EVENT_SCHEMA_V1 } from '@redline/contracts';

/**
 * The gate every event passes, whatever the transport: JSON, the redline.event/1 schema, and a
 * plausible time. A refused event gets a stable code and a reason a device integrator can act on.
 */
const checker = TypeCompiler.Compile(DeviceEventV1);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Rejection {
  code: string;
  reason: string;
  path?: string;
  eventId?: string;
  deviceCode?: string;
  /** Region of the device when known: scopes who may read the refusal. */
  regionCode?: string;
  excerpt?: string;
}

export interface CheckedEvent {
  event: DeviceEventV1;
  /** epoch ms of event.time */
  at: number;
}

export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_EVENTS_PER_MESSAGE = 100;

const excerptOf = (v: unknown) => {
  try {
    const s = typeof v === 'string' ? v : Buffer.isBuffer(v) ? v.toString('utf8', 0, 300) : JSON.stringify(v);
    return (s ?? '').slice(0, 300);
  } catch {
    return '';
  }
};

/** An MQTT message carries one event or an array of events. */
export function parseMessage(
  payload: Buffer | string,
): { ok: true; items: unknown[] } | { ok: false; rejection: Rejection } {
  let doc: unknown;
  try {
    doc = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch (e) {
    return {
      ok: false,
      rejection: {
        code: 'MALFORMED_JSON',
        reason: `not JSON: ${(e as Error).message}`,
        excerpt: excerptOf(payload),
      },
    };
  }
  const items = Array.isArray(doc) ? doc : [doc];
  if (items.length === 0)
    return {
      ok: false,
      rejection: { code: 'EMPTY', reason: 'an empty array carries no event', excerpt: '[]' },
    };
  if (items.length > MAX_EVENTS_PER_MESSAGE)
    return {
      ok: false,
      rejection: {
        code: 'TOO_MANY',
        reason: `at most ${MAX_EVENTS_PER_MESSAGE} events per message, got ${items.length}`,
        excerpt: '',
      },
    };
  return { ok: true, items };
}

export function checkEvent(
  raw: unknown,
  now: number,
  maxAgeMs: number,
): { ok: true; value: CheckedEvent } | { ok: false; rejection: Rejection } {
  const ids = identify(raw);
  if (!checker.Check(raw)) {
    const first = checker.Errors(raw).First();
    const isOtherSchema =
      typeof raw === 'object' &&
      raw !== null &&
      'schema' in raw &&
      (raw as { schema: unknown }).schema !== EVENT_SCHEMA_V1;
    return {
      ok: false,
      rejection: {
        code: isOtherSchema ? 'UNSUPPORTED_SCHEMA' : 'SCHEMA',
        reason: isOtherSchema
          ? `schema must be "${EVENT_SCHEMA_V1}"`
          : `${first?.path || '/'}: ${first?.message ?? 'does not match redline.event/1'}`,
        path: first?.path,
        ...ids,
        excerpt: excerptOf(raw),
      },
    };
  }
  const event = raw as DeviceEventV1;
  const at = Date.parse(event.time);
  if (Number.isNaN(at))
    return {
      ok: false,
      rejection: { code: 'SCHEMA', reason: '/time: not a real date', path: '/time', ...ids },
    };
  if (at > now + MAX_FUTURE_MS)
    return {
      ok: false,
      rejection: {
        code: 'TIME_IN_FUTURE',
        reason: `time is ${Math.round((at - now) / 1000)} s ahead of the server clock; check the device clock`,
        path: '/time',
        ...ids,
      },
    };
  if (at < now - maxAgeMs)
    return {
      ok: false,
      rejection: {
        code: 'TIME_TOO_OLD',
        reason: `time is older than ${Math.round(maxAgeMs / 3_600_000)} h`,
        path: '/time',
        ...ids,
      },
    };
  const badText = findUnstorableText(event);
  if (badText)
    return {
      ok: false,
      rejection: {
        code: 'SCHEMA',
        reason: `${badText}: text must not contain NUL characters or unpaired UTF-16 surrogates`,
        path: badText,
        ...ids,
      },
    };
  if (event.type === 'attendance') {
    const w = event.values?.worker;
    const d = event.values?.direction;
    if (typeof w !== 'string' || !UUID_RE.test(w) || (d !== 'in' && d !== 'out'))
      return {
        ok: false,
        rejection: {
          code: 'ATTENDANCE_FIELDS',
          reason: 'an attendance event needs values.worker (worker id) and values.direction ("in" or "out")',
          path: '/values',
          ...ids,
        },
      };
  }
  return { ok: true, value: { event, at } };
}

function identify(raw: unknown): { eventId?: string; deviceCode?: string } {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  return {
    ...(typeof r.eventId === 'string' && { eventId: r.eventId.slice(0, 100) }),
    ...(typeof r.deviceId === 'string' && { deviceCode: r.deviceId.slice(0, 64) }),
  };
}

/** What PostgreSQL text and jsonb refuse: NUL, and UTF-16 surrogates without their pair. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what PostgreSQL refuses
const UNSTORABLE_SOURCE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
  .source;
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_SOURCE, 'g');

/** Text cut to `max` and made storable: NUL dropped, a lone surrogate (also one left by the cut) replaced. */
export const storableText = (s: string | undefined | null, max: number) =>
  (s ?? '').slice(0, max).replace(UNSTORABLE_ALL, (c) => (c === '\u0000' ? '' : '\uFFFD'));

/** The JSON path of the first string (or key) PostgreSQL would refuse. */
function findUnstorableText(v: unknown, at = ''): string | undefined {
  if (typeof v === 'string') return UNSTORABLE.test(v) ? at || '/' : undefined;
  if (typeof v !== 'object' || v === null) return undefined;
  for (const [k, child] of Object.entries(v)) {
    const here = `${at}/${k}`;
    if (UNSTORABLE.test(k)) return here;
    const found = findUnstorableText(child, here);
    if (found) return found;
  }
  return undefined;
}
