import type { DeviceEventV1, IsapiAlert } from '@redline/contracts';
import { EVENT_SCHEMA_V1 } from '@redline/contracts';
import type { Rejection } from './validate.ts';

/**
 * Adapter: a Hikvision-ISAPI-like `EventNotificationAlert` (JSON) → redline.event/1.
 *
 * Assumed shape (see contracts/README.md): `eventType` names the analytic, `eventState` is
 * "active" while it fires, `dateTime` has an offset, `channelID` + `activePostCount` (or `UUID`)
 * identify the post, and AI models list `targets` with a `label` and a `confidence` in percent.
 * The mapping tables below are the whole translation; an unknown `eventType` is refused with its
 * name so it can be added.
 */
const EVENT_TYPES: Record<
  string,
  { type: 'detection'; detection?: string } | { type: 'fault' | 'alarm'; code: string }
> = {
  hotwork: { type: 'detection', detection: 'welding' },
  weldingdetection: { type: 'detection', detection: 'welding' },
  firedetection: { type: 'detection', detection: 'fire' },
  smokedetection: { type: 'detection', detection: 'smoke' },
  smokeandfiredetection: { type: 'detection', detection: 'fire' },
  safetyhelmetdetection: { type: 'detection', detection: 'no_helmet' },
  fielddetection: { type: 'detection', detection: 'intrusion' },
  linedetection: { type: 'detection', detection: 'intrusion' },
  regionentrance: { type: 'detection', detection: 'intrusion' },
  aiop_video: { type: 'detection' },
  aiop_picture: { type: 'detection' },
  videoloss: { type: 'fault', code: 'video_loss' },
  shelteralarm: { type: 'fault', code: 'tampering' },
};

/** Labels of AI-model targets → our detection types. */
const LABELS: Record<string, string> = {
  welding: 'welding',
  hot_work: 'welding',
  spark: 'sparks',
  sparks: 'sparks',
  fire: 'fire',
  flame: 'fire',
  smoke: 'smoke',
  no_helmet: 'no_helmet',
  nohelmet: 'no_helmet',
  helmet_absent: 'no_helmet',
  no_safety_belt: 'no_safety_belt',
  no_belt: 'no_safety_belt',
  intrusion: 'intrusion',
  person: 'person',
};

export function isapiToEvent(
  alert: IsapiAlert,
  deviceCode: string,
): { ok: true; event: DeviceEventV1 } | { ok: false; rejection: Rejection } {
  const base = {
    schema: EVENT_SCHEMA_V1,
    deviceId: deviceCode,
    time: alert.dateTime,
    eventId: eventIdOf(alert),
  };
  if (
    (alert.eventState ?? 'active').toLowerCase() === 'inactive' ||
    alert.eventType.toLowerCase() === 'heartbeat'
  ) {
    return { ok: true, event: { ...base, type: 'heartbeat' } };
  }
  const map = EVENT_TYPES[alert.eventType.toLowerCase()];
  if (!map)
    return {
      ok: false,
      rejection: {
        code: 'UNMAPPED_EVENT_TYPE',
        reason: `ISAPI eventType "${alert.eventType}" has no mapping`,
        deviceCode,
      },
    };
  const image = alert.picUrl && /^https?:\/\/\S+$/.test(alert.picUrl) ? { image: { ref: alert.picUrl } } : {};
  if (map.type !== 'detection')
    return { ok: true, event: { ...base, type: map.type, code: map.code, ...image } };
  const detections: NonNullable<DeviceEventV1['detections']> = [];
  for (const t of alert.targets ?? []) {
    const type = LABELS[t.label.toLowerCase()];
    if (!type) continue;
    detections.push({
      type,
      confidence: clamp(t.confidence / 100),
      ...(t.rect && {
        box: { x: clamp(t.rect.x), y: clamp(t.rect.y), w: clamp(t.rect.width), h: clamp(t.rect.height) },
      }),
    });
  }
  if (map.detection && !detections.some((d) => d.type === map.detection)) {
    detections.unshift({ type: map.detection, confidence: clamp((alert.confidence ?? 100) / 100) });
  }
  if (!detections.length)
    return {
      ok: false,
      rejection: {
        code: 'NO_DETECTIONS',
        reason: `ISAPI ${alert.eventType} without a known target label`,
        deviceCode,
      },
    };
  return { ok: true, event: { ...base, type: 'detection', detections, ...image } };
}

const clamp = (n: number) => Math.max(0, Math.min(1, Number.isFinite(n) ? n : 0));

function eventIdOf(a: IsapiAlert): string {
  const raw = a.UUID ?? `isapi-${a.channelID ?? 0}-${a.eventType}-${a.dateTime}-${a.activePostCount ?? 0}`;
  return raw.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 100);
}
