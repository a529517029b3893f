import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import path from 'node:path';

/** Every setting is an environment variable, validated once at boot. */
const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATA_DIR: Type.String({ minLength: 1, default: '.data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  // Connections this instance opens to PostgreSQL (issue 13; ARCHITECTURE.md "Reading at scale"):
  // sized for two cores — the ingest lanes (INGEST_CONCURRENCY) plus a few for the API; requests beyond
  // wait in the pool, not as runnable backends competing for the CPU.
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 8 }),
  DEMO: Type.Boolean({ default: true }),
  SECRET_KEY: Type.Optional(Type.String({ minLength: 32 })),
  SESSION_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 12 }),
  LOGIN_RATE_LIMIT: Type.Integer({ minimum: 1, default: 10 }),
  // Failed logins per client address across user names (password spraying, issue 12): after this
  // many with no pause of LOGIN_ADDRESS_WINDOW_MINUTES, the address waits LOGIN_ADDRESS_BLOCK_SECONDS,
  // doubled by each further failure (at most an hour).
  LOGIN_ADDRESS_LIMIT: Type.Integer({ minimum: 1, maximum: 100_000, default: 20 }),
  LOGIN_ADDRESS_WINDOW_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 15 }),
  LOGIN_ADDRESS_BLOCK_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  // Which proxies may set X-Forwarded-For: false (direct), true (any: only behind a proxy that
  // overwrites the header), a hop count, or proxy addresses/CIDRs separated by commas.
  TRUST_PROXY: Type.String({
    pattern: '^(true|false|\\d+|[0-9A-Fa-f.:/]+(\\s*,\\s*[0-9A-Fa-f.:/]+)*)$',
    default: 'false',
  }),
  MQTT_URL: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?|tcp)://' })),
  MQTT_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 1884 }),
  TIME_ZONE: Type.String({ minLength: 1, default: 'Asia/Shanghai' }),
  // Devices and ingest (issue 5)
  MQTT_USERNAME: Type.Optional(Type.String({ minLength: 1 })),
  MQTT_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  MQTT_SHARED_GROUP: Type.String({ pattern: '^[A-Za-z0-9_-]*$', default: 'redline' }),
  MQTT_SUBSCRIBERS: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  MQTT_PROTOCOL: Type.Integer({
    minimum: 4,
    maximum: 5,
    default: 5,
    description: 'MQTT version of the ingest workers on MQTT_URL: 5 (receive maximum) or 4',
  }),
  INGEST_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
  INGEST_BATCH_MS: Type.Integer({ minimum: 1, maximum: 1000, default: 10 }),
  INGEST_QUEUE_CAPACITY: Type.Integer({ minimum: 10, maximum: 1_000_000, default: 20_000 }),
  INGEST_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 32, default: 4 }),
  INGEST_MAX_EVENT_AGE_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 90, default: 168 }),
  // Device events are kept this many whole UTC months besides the current one (issue 13): the job
  // `device-event-partitions` drops older month partitions, keeping the events that are an alarm's
  // evidence; 0 keeps every event. The hourly event rollups are kept whatever this says.
  EVENT_RETENTION_MONTHS: Type.Integer({ minimum: 0, maximum: 1200, default: 13 }),
  ALARM_ESCALATE_MINUTES: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 15 }),
  // A jurisdiction's dashboard is computed at most once per this many seconds and shared by everyone
  // who sees the same figures (issue 15: command-centre walls and leaders refresh the same screen); its
  // asOf says when. 0: computed for every request.
  DASHBOARD_CACHE_SECONDS: Type.Integer({ minimum: 0, maximum: 600, default: 15 }),
  DEMO_SIMULATOR: Type.Boolean({ default: true }),
  MAX_UPLOAD_MB: Type.Integer({ minimum: 1, maximum: 200, default: 15 }),
  // Routine signed checkpoints of the audit chain heads (issue 12): every this many minutes, and
  // after this many new entries, whichever comes first — only when a chain changed.
  AUDIT_CHECKPOINT_MINUTES: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60, default: 60 }),
  AUDIT_CHECKPOINT_EVERY: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 1000 }),
  // Where the checkpoint files go (default DATA_DIR/audit-checkpoints); shared storage with several hosts.
  AUDIT_CHECKPOINT_DIR: Type.Optional(Type.String({ minLength: 1 })),
  // Each routine checkpoint is also POSTed here (JSON), retried with back-off until delivered.
  AUDIT_CHECKPOINT_WEBHOOK_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
});
export type Config = Static<typeof ConfigSchema> & { dataDir: string };

export class ConfigError extends Error {}

const booleans: Record<string, boolean> = {
  '1': true,
  true: true,
  yes: true,
  '0': false,
  false: false,
  no: false,
};

/** Reads the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    const kind = (schema as { type?: string }).type;
    if (kind === 'integer') {
      if (!/^\d+$/.test(value)) throw new ConfigError(`${key} must be a whole number, got "${value}"`);
      raw[key] = Number(value);
    } else if (kind === 'boolean') {
      if (!(value.toLowerCase() in booleans))
        throw new ConfigError(`${key} must be true or false, got "${value}"`);
      raw[key] = booleans[value.toLowerCase()];
    } else raw[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, { ...raw, ...overrides }) as Static<typeof ConfigSchema>;
  const firstError = Value.Errors(ConfigSchema, withDefaults).First();
  if (firstError) {
    const name = firstError.path.replace(/^\//, '') || 'configuration';
    throw new ConfigError(`${name}: ${firstError.message} (got ${JSON.stringify(firstError.value)})`);
  }
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone: withDefaults.TIME_ZONE });
  } catch {
    throw new ConfigError(
      `TIME_ZONE: unknown time zone "${withDefaults.TIME_ZONE}" (use an IANA name such as Asia/Shanghai)`,
    );
  }
  return { ...withDefaults, dataDir: path.resolve(withDefaults.DATA_DIR) };
}
