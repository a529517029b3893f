import { maskResidentId } from '@redline/domain';
import type { Db } from '../../src/db/database.ts';
import type { Secrets } from '../../src/crypto.ts';
import type { App } from '../../src/http/context.ts';
import { residentId } from './factories.ts';

/** Helpers for the devices / alarms tests: devices through the API, workers and events. */
let n = 0;

export async function registerDevice(app: App, cookie: string, body: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/devices', headers: { cookie }, payload: body });
  if (res.statusCode !== 201) throw new Error(`register device failed: ${res.statusCode} ${res.body}`);
  return res.json() as {
    id: string;
    code: string;
    token: string;
    mqttTopic: string;
    regionCode: string;
    siteId: string;
  };
}

export async function addWorker(
  db: Db,
  secrets: Secrets,
  opts: {
    enterpriseId: string;
    regionCode: string;
    name: string;
    trade?: string;
    certificate?: { category: string; issuedOn: string; expiresOn: string; nextReviewOn?: string | null };
  },
) {
  const idNo = residentId(opts.regionCode.slice(0, 6));
  const w = await db
    .insertInto('workers')
    .values({
      name: opts.name,
      id_number_masked: maskResidentId(idNo),
      id_number_cipher: secrets.encrypt(idNo),
      id_number_hash: secrets.mac(idNo),
      employer_id: opts.enterpriseId,
      trade: opts.trade ?? 'welder',
      region_code: opts.regionCode,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (opts.certificate) {
    await db
      .insertInto('certificates')
      .values({
        worker_id: w.id,
        category_code: opts.certificate.category,
        number: `TC${Date.now()}${++n}`,
        issued_on: opts.certificate.issuedOn,
        expires_on: opts.certificate.expiresOn,
        next_review_on: opts.certificate.nextReviewOn ?? null,
        region_code: opts.regionCode,
      })
      .execute();
  }
  return w.id;
}

export async function addSite(
  db: Db,
  opts: { enterpriseId: string; regionCode: string; name: string; kind?: string },
) {
  const s = await db
    .insertInto('sites')
    .values({
      name: opts.name,
      kind: opts.kind ?? 'welding_shop',
      key_risk_source: true,
      enterprise_id: opts.enterpriseId,
      region_code: opts.regionCode,
      lat: 30.81,
      lng: 121.26,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return s.id;
}

/**
 * The latest past moment at `hour`:00 local (UTC+8) on Monday–Saturday, at least `minAgoMinutes`
 * ago: inside the permitted hot-work window, and never in the future.
 */
export function recentWorkingHour(hour = 10, minAgoMinutes = 90): Date {
  const now = Date.now();
  for (let back = 0; back < 10; back++) {
    const local = new Date(now + 8 * 3_600_000 - back * 86_400_000);
    const candidate =
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour, 0, 0) - 8 * 3_600_000;
    const weekday = new Date(candidate + 8 * 3_600_000).getUTCDay();
    if (weekday === 0) continue;
    if (candidate <= now - minAgoMinutes * 60_000) return new Date(candidate);
  }
  throw new Error('no working hour found');
}

export const at8 = (d: Date) => {
  const l = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
  return `${l}+08:00`;
};

export function weldingEvent(
  deviceCode: string,
  eventId: string,
  time: Date,
  confidence = 0.93,
  image?: string,
) {
  return {
    schema: 'redline.event/1',
    eventId,
    deviceId: deviceCode,
    time: at8(time),
    type: 'detection',
    detections: [
      { type: 'welding', confidence, box: { x: 0.41, y: 0.38, w: 0.12, h: 0.22 } },
      { type: 'person', confidence: 0.97 },
    ],
    ...(image && { image: { ref: image } }),
  };
}

export function readingEvent(
  deviceCode: string,
  eventId: string,
  time: Date,
  values: Record<string, number>,
) {
  return {
    schema: 'redline.event/1',
    eventId,
    deviceId: deviceCode,
    time: at8(time),
    type: 'reading',
    values,
  };
}

export async function sendEvents(app: App, token: string, events: unknown[]) {
  return app.inject({
    method: 'POST',
    url: '/api/ingest/events',
    headers: { authorization: `Bearer ${token}` },
    payload: { events },
  });
}
