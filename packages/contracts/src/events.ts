import { Type, type Static } from '@sinclair/typebox';
import { literals } from './common.ts';

/**
 * The device event contract, version 1 (`schema: "redline.event/1"`).
 *
 * One JSON document per event, the same over MQTT (one event, or an array of up to 100, per
 * message on `redline/v1/{regionCode}/{siteId}/{deviceCode}/events`) and over HTTP
 * (`POST /api/ingest/events`, `{ "events": [...] }`). The JSON Schema exported from here is
 * `contracts/redline-event-v1.schema.json` at the repository root; examples in `contracts/README.md`.
 *
 * Compatibility: a new optional field or a new enumerated value is a minor change within v1;
 * anything that changes the meaning of an existing field is a new `schema` version.
 */
export const EVENT_SCHEMA_V1 = 'redline.event/1' as const;

/** What devices the platform knows, and what each is typically bound to. */
export const DEVICE_KINDS = [
  'ai_camera', // video AI: fire, smoke, sparks/welding, PPE, intrusion
  'smoke_sensor',
  'flame_sensor',
  'combustible_gas_sensor', // % LEL
  'toxic_gas_sensor', // ppm (CO, H2S…)
  'tower_crane_monitor', // load, moment, wind, tilt — bound to a crane (equipment)
  'construction_elevator_monitor', // construction hoist — bound to equipment
  'elevator_monitor', // special-equipment elevator — bound to equipment
  'dust_noise_monitor', // PM10 / PM2.5 / noise
  'access_gate', // real-name attendance gate: check-in / check-out events
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const EVENT_TYPES = [
  'heartbeat', // I am alive (no values needed)
  'reading', // sensor values
  'detection', // video-AI detections with confidence
  'alarm', // the device's own alarm (smoke detector, over-limit relay), `code` says which
  'fault', // a device or equipment fault (elevator trapped passenger, sensor failure), `code` says which
  'attendance', // a worker checks in or out at the site (values.worker, values.direction)
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Detection types the shipped rules use; other lower-case types are stored and may be used by new rules. */
export const DETECTION_TYPES = [
  'fire',
  'smoke',
  'sparks',
  'welding',
  'no_helmet',
  'no_safety_belt',
  'intrusion',
  'person',
  'vehicle',
] as const;

export const DeviceCode = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  description: 'the device code registered on the platform (letters, digits, . _ -; up to 64)',
});

/** An ISO 8601 instant with an explicit offset, e.g. 2026-11-23T10:15:03+08:00 or …Z. */
export const Instant = Type.String({
  pattern:
    '^\\d{4}-\\d{2}-\\d{2}T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-](0\\d|1[0-4]):[0-5]\\d)$',
  description: 'ISO 8601 date-time with an offset (Z or ±hh:mm)',
});

export const MetricName = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });

export const Detection = Type.Object(
  {
    type: Type.String({
      pattern: '^[a-z][a-z0-9_]{0,39}$',
      description: `what was seen; known: ${DETECTION_TYPES.join(', ')}`,
    }),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    box: Type.Optional(
      Type.Object(
        {
          x: Type.Number({ minimum: 0, maximum: 1 }),
          y: Type.Number({ minimum: 0, maximum: 1 }),
          w: Type.Number({ minimum: 0, maximum: 1 }),
          h: Type.Number({ minimum: 0, maximum: 1 }),
        },
        {
          additionalProperties: false,
          description: 'bounding box as fractions of the frame (left, top, width, height)',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type Detection = Static<typeof Detection>;

export const ImageRef = Type.Object(
  {
    ref: Type.String({
      maxLength: 500,
      pattern: '^(snapshot:[0-9a-f-]{36}|https?://\\S+)$',
      description:
        '`snapshot:<id>` returned by POST /api/ingest/snapshots, or an http(s) URL on the operator’s own video platform',
    }),
    contentType: Type.Optional(literals(['image/jpeg', 'image/png'] as const)),
  },
  { additionalProperties: false },
);

export const DeviceEventV1 = Type.Object(
  {
    schema: Type.Literal(EVENT_SCHEMA_V1),
    eventId: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[A-Za-z0-9._:-]+$',
      description:
        'unique per device; the same id sent again is stored once (at-least-once delivery is safe)',
    }),
    deviceId: DeviceCode,
    time: Instant,
    type: literals(EVENT_TYPES),
    code: Type.Optional(
      Type.String({
        maxLength: 64,
        pattern: '^[A-Za-z0-9._:-]+$',
        description: 'alarm or fault code reported by the device',
      }),
    ),
    values: Type.Optional(
      Type.Record(MetricName, Type.Union([Type.Number(), Type.Boolean(), Type.String({ maxLength: 200 })]), {
        additionalProperties: false,
        maxProperties: 32,
        description:
          'readings by metric name, e.g. gas_lel (% LEL), load_ratio (% of rated load), wind_speed (m/s), pm10 (µg/m³)',
      }),
    ),
    detections: Type.Optional(Type.Array(Detection, { maxItems: 50 })),
    image: Type.Optional(ImageRef),
    seq: Type.Optional(Type.Integer({ minimum: 0, description: 'device sequence number, informative' })),
  },
  {
    additionalProperties: false,
    $id: 'https://redline.example/schemas/redline-event-v1.schema.json',
    title: 'Redline device event, version 1',
  },
);
export type DeviceEventV1 = Static<typeof DeviceEventV1>;

/** `POST /api/ingest/events`: each event is checked on its own, so one bad event never sinks the batch. */
export const IngestBatchBody = Type.Object(
  {
    events: Type.Array(Type.Unknown(), {
      minItems: 1,
      maxItems: 1000,
      description: 'redline.event/1 documents',
    }),
  },
  { additionalProperties: false },
);
export const IngestRejection = Type.Object({
  index: Type.Integer({ description: 'position in the batch' }),
  eventId: Type.Optional(Type.String()),
  code: Type.String({
    description: 'stable reason code, e.g. SCHEMA, UNKNOWN_DEVICE, DEVICE_MISMATCH, TIME_OUT_OF_RANGE',
  }),
  reason: Type.String(),
  path: Type.Optional(Type.String()),
});
export const IngestResult = Type.Object({
  accepted: Type.Integer({ description: 'new events committed' }),
  duplicates: Type.Integer({
    description: 'events already stored (same device and event id), acknowledged again',
  }),
  rejected: Type.Array(IngestRejection),
});
export type IngestResult = Static<typeof IngestResult>;

export const SnapshotUploadResult = Type.Object({
  ref: Type.String({ description: 'use as image.ref in an event' }),
  id: Type.String({ format: 'uuid' }),
  contentType: Type.String(),
  size: Type.Integer(),
});

/**
 * Adapter input: a Hikvision-ISAPI-like `EventNotificationAlert` in its JSON form, as a camera or an
 * NVR posts it to an "alarm centre" HTTP host. Only the fields below are read; others are ignored.
 * This is the shape we assume (ISAPI field names, the `targets` list of an AI open-platform model),
 * not one verified against every firmware — see contracts/README.md.
 */
export const IsapiAlert = Type.Object(
  {
    ipAddress: Type.Optional(Type.String({ maxLength: 64 })),
    macAddress: Type.Optional(Type.String({ maxLength: 64 })),
    channelID: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 16 })])),
    channelName: Type.Optional(Type.String({ maxLength: 120 })),
    dateTime: Instant,
    activePostCount: Type.Optional(Type.Integer({ minimum: 0 })),
    eventType: Type.String({ minLength: 1, maxLength: 64 }),
    eventState: Type.Optional(Type.String({ maxLength: 16 })),
    eventDescription: Type.Optional(Type.String({ maxLength: 200 })),
    UUID: Type.Optional(Type.String({ maxLength: 100 })),
    confidence: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: 'percent, for single-target events' }),
    ),
    targets: Type.Optional(
      Type.Array(
        Type.Object({
          label: Type.String({ maxLength: 40 }),
          confidence: Type.Number({ minimum: 0, maximum: 100, description: 'percent' }),
          rect: Type.Optional(
            Type.Object({ x: Type.Number(), y: Type.Number(), width: Type.Number(), height: Type.Number() }),
          ),
        }),
        { maxItems: 50 },
      ),
    ),
    picUrl: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { description: 'Hikvision-ISAPI-like EventNotificationAlert (JSON)' },
);
export type IsapiAlert = Static<typeof IsapiAlert>;
