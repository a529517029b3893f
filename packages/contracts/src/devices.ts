import { Type, type Static } from '@sinclair/typebox';
import { Cursor, literals, Nullable, PageQuery, Uuid } from './common.ts';
import { Detection, DEVICE_KINDS, DeviceCode, EVENT_TYPES, ImageRef, Instant } from './events.ts';

/** Device registry, attendance and ingest views (issue 5). */
export const DEVICE_STATUSES = ['online', 'offline', 'never_seen', 'disabled'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

const Str = (max: number, min = 0) => Type.String({ maxLength: max, minLength: min });

export const DeviceInput = Type.Object(
  {
    code: DeviceCode,
    name: Str(120, 2),
    kind: literals(DEVICE_KINDS),
    siteId: Uuid,
    equipmentId: Type.Optional(Nullable(Uuid)),
    vendor: Type.Optional(Str(60)),
    model: Type.Optional(Str(60)),
    heartbeatSeconds: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 86_400,
        description: 'expected interval between events; offline after 5 missed',
      }),
    ),
    active: Type.Optional(Type.Boolean()),
    note: Type.Optional(Str(500)),
  },
  { additionalProperties: false },
);
export const DevicePatch = Type.Partial(Type.Omit(DeviceInput, ['code']), { additionalProperties: false });

export const Device = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  status: literals(DEVICE_STATUSES),
  siteId: Uuid,
  siteName: Type.String(),
  siteKind: Type.String(),
  enterpriseId: Nullable(Uuid),
  enterpriseName: Nullable(Type.String()),
  equipmentId: Nullable(Uuid),
  equipmentCode: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  vendor: Type.String(),
  model: Type.String(),
  heartbeatSeconds: Type.Integer(),
  active: Type.Boolean(),
  note: Type.String(),
  lastSeenAt: Nullable(Type.String({ format: 'date-time' })),
  tokenPrefix: Type.String({ description: 'first characters of the current token, to tell tokens apart' }),
  mqttTopic: Type.String({ description: 'where this device publishes its events' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Device = Static<typeof Device>;

export const DeviceWithToken = Type.Composite([
  Device,
  Type.Object({
    token: Type.String({
      description: 'shown once: the device authenticates with it (HTTP Bearer, MQTT password)',
    }),
  }),
]);

export const DeviceQuery = Type.Object(
  {
    ...PageQuery,
    kind: Type.Optional(literals(DEVICE_KINDS)),
    status: Type.Optional(literals(DEVICE_STATUSES)),
    siteId: Type.Optional(Uuid),
    enterpriseId: Type.Optional(Uuid),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{2,9}$' })),
    sort: Type.Optional(literals(['code', 'name', 'kind', 'lastSeenAt', 'createdAt'] as const)),
  },
  { additionalProperties: false },
);

export const StoredEvent = Type.Object({
  eventId: Type.String(),
  time: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  type: literals(EVENT_TYPES),
  code: Nullable(Type.String()),
  values: Nullable(Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean(), Type.String()]))),
  detections: Nullable(Type.Array(Detection)),
  image: Nullable(ImageRef),
  deviceCode: Type.Optional(Type.String()),
});
export const EventQuery = Type.Object(
  {
    cursor: Type.Optional(Cursor),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    type: Type.Optional(literals(EVENT_TYPES)),
  },
  { additionalProperties: false },
);

// ---- attendance (who is on duty at a site)
export const AttendanceInput = Type.Object(
  {
    workerId: Uuid,
    direction: literals(['in', 'out'] as const),
    at: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export const AttendanceRecord = Type.Object({
  id: Uuid,
  siteId: Uuid,
  workerId: Uuid,
  workerName: Type.String(),
  trade: Type.String(),
  checkInAt: Type.String({ format: 'date-time' }),
  checkOutAt: Nullable(Type.String({ format: 'date-time' })),
  source: Type.String(),
  onDuty: Type.Boolean(),
});
export const AttendanceQuery = Type.Object(
  {
    onDuty: Type.Optional(Type.Boolean({ description: 'only workers on duty now' })),
    cursor: Type.Optional(Cursor),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

// ---- ingest health
export const IngestStats = Type.Object({
  startedAt: Type.String({ format: 'date-time' }),
  transports: Type.Array(Type.String()),
  received: Type.Integer(),
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  rejectedByCode: Type.Record(Type.String(), Type.Integer()),
  batches: Type.Integer(),
  retries: Type.Integer(),
  queueDepth: Type.Integer(),
  queueCapacity: Type.Integer(),
  pausedTimes: Type.Integer(),
  alarmsRaised: Type.Integer(),
  alarmsSuppressed: Type.Integer(),
  lastBatchMs: Type.Number(),
  reconnects: Type.Integer({ description: 'reconnections of the ingest workers to an external broker' }),
  eventLoopDelayMs: Type.Object(
    { p99: Type.Number(), max: Type.Number() },
    { description: 'how late the event loop ran over the last 10 s window' },
  ),
});
export const Rejection = Type.Object({
  id: Uuid,
  receivedAt: Type.String({ format: 'date-time' }),
  transport: Type.String(),
  deviceCode: Nullable(Type.String()),
  eventId: Nullable(Type.String()),
  code: Type.String(),
  reason: Type.String(),
  excerpt: Type.String(),
});
export const RejectionQuery = Type.Object(
  {
    cursor: Type.Optional(Cursor),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    code: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
