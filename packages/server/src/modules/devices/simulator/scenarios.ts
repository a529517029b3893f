import type { DeviceEventV1 } from '@redline/contracts';

/**
 * What simulated devices say. A scenario turns (device, moment, step) into the next event, with
 * plausible values: normal readings, a gas leak, a crane overload, devices going silent, and the
 * welding scenario (a gate checks a worker in — and a certified colleague when one is given —
 * then a camera sees welding).
 */
export const SCENARIOS = ['normal', 'welding', 'gas-leak', 'crane-overload', 'offline'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface SimDevice {
  code: string;
  token: string;
  kind: string;
  topic: string;
}

export const WELDING_BOXES = {
  welding: { x: 0.4, y: 0.36, w: 0.16, h: 0.26 },
  person: { x: 0.35, y: 0.24, w: 0.1, h: 0.58 },
};

/** ISO time with the +08:00 offset, as Chinese devices usually send it. */
export function cst(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export interface StepContext {
  /** 0-based count of events this device has sent in this run. */
  step: number;
  now: number;
  scenario: Scenario;
  rand: () => number;
  /** For the welding scenario: the worker a gate checks in, and the snapshot reference to attach. */
  workerId?: string;
  /**
   * Welding scenario: a certified colleague the gate checks in right after the worker (issue 11: he
   * must not cover for the uncertified worker beside him).
   */
  colleagueId?: string;
  snapshotRef?: string;
  runId: string;
}

/** The next event of a device, or null when it stays silent (the offline scenario). */
export function nextEvent(d: SimDevice, ctx: StepContext): DeviceEventV1 | null {
  const { step, now, scenario, rand } = ctx;
  const base = {
    schema: 'redline.event/1' as const,
    eventId: `${d.code}-${ctx.runId}-${step}`,
    deviceId: d.code,
    time: cst(now),
    seq: step,
  };
  if (scenario === 'offline' && step >= 3) return null;
  switch (d.kind) {
    case 'access_gate':
      if (scenario === 'welding' && ctx.workerId && step === 0)
        return { ...base, type: 'attendance', values: { worker: ctx.workerId, direction: 'in' } };
      if (scenario === 'welding' && ctx.colleagueId && step === 1)
        return { ...base, type: 'attendance', values: { worker: ctx.colleagueId, direction: 'in' } };
      return { ...base, type: 'heartbeat' };
    case 'ai_camera':
      if (scenario === 'welding' && step >= 1)
        return {
          ...base,
          type: 'detection',
          detections: [
            { type: 'welding', confidence: round(0.86 + rand() * 0.12, 2), box: WELDING_BOXES.welding },
            { type: 'sparks', confidence: round(0.8 + rand() * 0.15, 2) },
            { type: 'person', confidence: round(0.93 + rand() * 0.06, 2), box: WELDING_BOXES.person },
          ],
          ...(ctx.snapshotRef && { image: { ref: ctx.snapshotRef, contentType: 'image/png' as const } }),
        };
      if (rand() < 0.3)
        return {
          ...base,
          type: 'detection',
          detections: [{ type: 'person', confidence: round(0.8 + rand() * 0.19, 2) }],
        };
      return { ...base, type: 'heartbeat' };
    case 'combustible_gas_sensor': {
      const leak = scenario === 'gas-leak' && step >= 2 && step < 24;
      return {
        ...base,
        type: 'reading',
        values: {
          gas_lel: leak ? round(28 + step * 1.5 + rand() * 3) : round(rand() * 4),
          temperature_c: round(18 + rand() * 6),
        },
      };
    }
    case 'toxic_gas_sensor':
      return {
        ...base,
        type: 'reading',
        values: { co_ppm: round(rand() * 6), h2s_ppm: round(rand() * 1.5) },
      };
    case 'tower_crane_monitor':
    case 'construction_elevator_monitor': {
      const over = scenario === 'crane-overload' && step >= 2 && step < 6;
      return {
        ...base,
        type: 'reading',
        values: {
          load_ratio: over ? round(102 + rand() * 8) : round(35 + rand() * 45),
          moment_ratio: over ? round(96 + rand() * 6) : round(30 + rand() * 40),
          wind_speed: round(1.5 + rand() * 5),
          tilt_deg: round(rand() * 0.6, 2),
        },
      };
    }
    case 'elevator_monitor':
      return {
        ...base,
        type: 'reading',
        values: {
          floor: Math.floor(1 + rand() * 6),
          door_open: rand() < 0.2,
          speed_mps: round(rand() * 1.5, 2),
        },
      };
    case 'dust_noise_monitor':
      return {
        ...base,
        type: 'reading',
        values: {
          pm10: round(40 + rand() * 50),
          pm25: round(20 + rand() * 30),
          noise_db: round(52 + rand() * 12),
        },
      };
    case 'smoke_sensor':
    case 'flame_sensor':
    default:
      return { ...base, type: 'heartbeat' };
  }
}

export function seededRandom(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
