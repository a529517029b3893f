import { describe, expect, it } from 'vitest';
import {
  allowedAlarmActions,
  applyCrossCheck,
  elevatorRegistrationCheck,
  equipmentInspectionCheck,
  evaluateRule,
  falsePositiveRate,
  inWindow,
  isDueForEscalation,
  transitionAlarm,
  validateRule,
  weldingCertificateCheck,
  type AlarmAction,
  type AlarmRule,
  type EngineEvent,
  type RuleState,
  type OnDutyWorker,
  type BoundEquipment,
} from '../src/index.ts';

const T0 = Date.parse('2026-11-24T10:00:00+08:00'); // a Tuesday morning in Shanghai
const s = (seconds: number) => T0 + seconds * 1000;

const base = {
  version: 1,
  name: { zh: '测试', en: 'Test' },
  severity: 'high' as const,
  enabled: true,
};

const GAS: AlarmRule = {
  ...base,
  code: 'gas-leak',
  alarmType: 'gas_leak',
  deviceKinds: ['combustible_gas_sensor'],
  trigger: {
    kind: 'threshold',
    match: { event: 'reading', metric: 'gas_lel', op: '>', value: 25 },
    forSeconds: 10,
    clearAt: 20,
  },
  dedupSeconds: 120,
  cooldownSeconds: 300,
};

const WELDING: AlarmRule = {
  ...base,
  code: 'welding-uncertified',
  alarmType: 'uncertified_special_operation',
  deviceKinds: ['ai_camera'],
  trigger: {
    kind: 'repetition',
    match: { event: 'detection', types: ['welding', 'sparks'], minConfidence: 0.6 },
    count: 1,
    withinSeconds: 0,
  },
  crossCheck: { kind: 'welding_certificate', onCompliant: 'suppress', shiftHours: 16 },
  dedupSeconds: 600,
  cooldownSeconds: 1800,
};

const HELMET: AlarmRule = {
  ...base,
  code: 'no-helmet',
  alarmType: 'ppe_violation',
  deviceKinds: ['ai_camera'],
  trigger: {
    kind: 'repetition',
    match: { event: 'detection', types: ['no_helmet'], minConfidence: 0.7 },
    count: 3,
    withinSeconds: 300,
  },
  dedupSeconds: 300,
  cooldownSeconds: 600,
};

const HOT_WORK_WINDOW: AlarmRule = {
  ...base,
  code: 'hot-work-outside-window',
  alarmType: 'hot_work_outside_window',
  deviceKinds: ['ai_camera'],
  trigger: {
    kind: 'time_window',
    match: { event: 'detection', types: ['welding'], minConfidence: 0.6 },
    permitted: [{ days: [1, 2, 3, 4, 5, 6], from: '08:00', to: '18:00' }],
    utcOffsetMinutes: 480,
  },
  dedupSeconds: 600,
  cooldownSeconds: 600,
};

const OFFLINE: AlarmRule = {
  ...base,
  code: 'device-offline',
  alarmType: 'device_offline',
  severity: 'low',
  deviceKinds: ['ai_camera'],
  trigger: { kind: 'offline', afterSeconds: 300 },
  dedupSeconds: 0,
  cooldownSeconds: 600,
};

let n = 0;
const reading = (at: number, gas: number): EngineEvent => ({
  id: `r${++n}`,
  at,
  type: 'reading',
  values: { gas_lel: gas },
});
const detection = (at: number, type: string, confidence: number): EngineEvent => ({
  id: `d${++n}`,
  at,
  type: 'detection',
  detections: [{ type, confidence }],
});

/** Feeds events through a rule and collects every action, as the ingest does. */
function run(rule: AlarmRule, events: EngineEvent[], start: RuleState | null = null) {
  let state = start;
  const actions: AlarmAction[] = [];
  for (const event of events) {
    const r = evaluateRule(rule, state, { kind: 'event', event });
    state = r.state;
    actions.push(...r.actions);
  }
  return { state: state!, actions, types: actions.map((a) => a.type) };
}

describe('threshold with duration: "combustible gas above 25 % LEL for 10 s"', () => {
  it('raises once the level has stayed above the limit for 10 s, with every reading as evidence', () => {
    const evs = [reading(s(0), 30), reading(s(5), 31), reading(s(9), 32), reading(s(10), 30)];
    const { actions } = run(GAS, evs);
    expect(actions).toHaveLength(1);
    const raise = actions[0];
    expect(raise.type).toBe('raise');
    if (raise.type !== 'raise') return;
    expect(raise.eventIds).toEqual(evs.map((e) => e.id));
    expect(raise.value).toBe(32);
    expect(raise.facts[0]).toMatchObject({
      code: 'THRESHOLD_EXCEEDED',
      params: { metric: 'gas_lel', limit: 25, value: 32, forSeconds: 10 },
    });
  });

  it('ignores a short spike', () => {
    expect(
      run(GAS, [reading(s(0), 30), reading(s(5), 10), reading(s(10), 30), reading(s(15), 12)]).actions,
    ).toEqual([]);
  });

  it('one leak is one alarm: readings during the leak update it, the hysteresis band keeps it, the clear level ends it', () => {
    const { types, actions } = run(GAS, [
      reading(s(0), 30),
      reading(s(10), 40), // raise
      reading(s(15), 45), // update, peak 45
      reading(s(20), 22), // between clear level (20) and limit (25): still the same incident, nothing to say
      reading(s(25), 18), // clear
    ]);
    expect(types).toEqual(['raise', 'update', 'clear']);
    expect(actions[1]).toMatchObject({ type: 'update', peak: 45, reopened: false });
  });

  it('a new leak within the cool-down reopens the same alarm; after it, a new alarm', () => {
    const first = run(GAS, [reading(s(0), 30), reading(s(10), 30), reading(s(20), 10)]);
    expect(first.types).toEqual(['raise', 'clear']);
    const again = run(GAS, [reading(s(100), 30), reading(s(110), 30)], first.state);
    expect(again.actions).toEqual([expect.objectContaining({ type: 'update', seq: 1, reopened: true })]);
    const cleared = run(GAS, [reading(s(120), 5)], again.state);
    const later = run(GAS, [reading(s(1000), 30), reading(s(1010), 30)], cleared.state);
    expect(later.actions).toEqual([expect.objectContaining({ type: 'raise', seq: 2 })]);
  });

  it('a late reading never starts or ends the condition', () => {
    const { state } = run(GAS, [reading(s(100), 10)]);
    expect(run(GAS, [reading(s(0), 90), reading(s(50), 90)], state).actions).toEqual([]);
  });
});

describe('AI detection with confidence: welding seen by a camera', () => {
  it('raises for welding at or above the minimum confidence, not below', () => {
    expect(run(WELDING, [detection(s(0), 'welding', 0.59)]).actions).toEqual([]);
    expect(run(WELDING, [detection(s(0), 'person', 0.99)]).actions).toEqual([]);
    const { actions } = run(WELDING, [detection(s(0), 'sparks', 0.6)]);
    expect(actions).toEqual([
      expect.objectContaining({ type: 'raise', seq: 1, crossCheck: WELDING.crossCheck }),
    ]);
  });

  it('a hundred frames of the same welding are one alarm updated 99 times', () => {
    const evs = Array.from({ length: 100 }, (_, i) => detection(s(i * 5), 'welding', 0.9));
    const { types, state } = run(WELDING, evs);
    expect(types.filter((t) => t === 'raise')).toHaveLength(1);
    expect(types.filter((t) => t === 'update')).toHaveLength(99);
    expect(state.incident?.hits).toBe(100);
  });

  it('silence longer than the dedup window ends the incident; a hit in the cool-down reopens it', () => {
    const { types } = run(WELDING, [
      detection(s(0), 'welding', 0.9),
      detection(s(601 + 100), 'welding', 0.9),
    ]);
    expect(types).toEqual(['raise', 'clear', 'update']);
  });

  it('after dedup and cool-down a new alarm is raised', () => {
    const { actions } = run(WELDING, [
      detection(s(0), 'welding', 0.9),
      detection(s(600 + 1800 + 1), 'welding', 0.9),
    ]);
    expect(actions.map((a) => [a.type, a.seq])).toEqual([
      ['raise', 1],
      ['clear', 1],
      ['raise', 2],
    ]);
  });

  it('a frame from hours before the current incident (uploaded late) is an incident of its own', () => {
    const now = run(WELDING, [detection(s(10_000), 'welding', 0.9)]);
    const late = run(WELDING, [detection(s(0), 'welding', 0.9)], now.state);
    expect(late.actions).toEqual([expect.objectContaining({ type: 'raise', seq: 2, at: s(0) })]);
    expect(late.state.incident?.seq).toBe(1); // the current incident is untouched
    const more = run(WELDING, [detection(s(10_060), 'welding', 0.9)], late.state);
    expect(more.actions).toEqual([expect.objectContaining({ type: 'update', seq: 1 })]);
  });

  it('a late frame still counts: out-of-order delivery must not lose an alarm', () => {
    const later: EngineEvent = { id: 'hb', at: s(60), type: 'heartbeat' };
    const { types } = run(WELDING, [later, detection(s(30), 'welding', 0.95)]);
    expect(types).toEqual(['raise']);
  });
});

describe('repetition: "no helmet 3 times within 5 minutes"', () => {
  it('counts hits in a sliding window', () => {
    const { types } = run(HELMET, [
      detection(s(0), 'no_helmet', 0.9),
      detection(s(100), 'no_helmet', 0.9),
      detection(s(350), 'no_helmet', 0.9), // the first has left the window: 2 hits
      detection(s(360), 'no_helmet', 0.9), // 100, 350, 360: 3 hits
    ]);
    expect(types).toEqual(['raise']);
  });

  it('names the repetition in the facts', () => {
    const { actions } = run(
      HELMET,
      [0, 10, 20].map((t) => detection(s(t), 'no_helmet', 0.8)),
    );
    expect(actions[0].type === 'raise' && actions[0].facts.map((f) => f.code)).toEqual([
      'DETECTED',
      'REPEATED',
    ]);
    expect(actions[0].type === 'raise' && actions[0].eventIds).toHaveLength(3);
  });
});

describe('time windows: hot work outside the permitted hours', () => {
  it.each([
    ['Tuesday 10:00', '2026-11-24T10:00:00+08:00', false],
    ['Tuesday 07:59', '2026-11-24T07:59:00+08:00', true],
    ['Tuesday 18:00 (end is exclusive)', '2026-11-24T18:00:00+08:00', true],
    ['Sunday 10:00', '2026-11-29T10:00:00+08:00', true],
    ['Tuesday 10:00 written in UTC', '2026-11-24T02:00:00Z', false],
  ])('welding on %s → alarm: %s', (_label, when, alarm) => {
    const { actions } = run(HOT_WORK_WINDOW, [detection(Date.parse(when), 'welding', 0.9)]);
    expect(actions.length).toBe(alarm ? 1 : 0);
  });

  it('says when and what was permitted', () => {
    const { actions } = run(HOT_WORK_WINDOW, [
      detection(Date.parse('2026-11-24T21:30:00+08:00'), 'welding', 0.9),
    ]);
    expect(actions[0].type === 'raise' && actions[0].facts[1]).toEqual({
      code: 'OUTSIDE_PERMITTED_WINDOW',
      params: { localTime: '21:30', weekday: 2, permitted: 'Mon–Sat 08:00–18:00' },
    });
  });

  it('a window past midnight belongs to the day it starts', () => {
    const night = { days: [5], from: '22:00', to: '06:00' }; // Friday night
    expect(inWindow(Date.parse('2026-11-28T03:00:00+08:00'), 480, night)).toBe(true); // Saturday 03:00
    expect(inWindow(Date.parse('2026-11-29T03:00:00+08:00'), 480, night)).toBe(false); // Sunday 03:00
    expect(inWindow(Date.parse('2026-11-27T23:00:00+08:00'), 480, night)).toBe(true);
  });
});

describe('device offline', () => {
  const tick = (state: RuleState | null, now: number, since?: number) =>
    evaluateRule(OFFLINE, state, { kind: 'tick', now, since });

  it('raises after the silence limit, once; an event clears it; a relapse in the cool-down reopens it', () => {
    const seen = run(OFFLINE, [{ id: 'hb1', at: s(0), type: 'heartbeat' }]);
    expect(tick(seen.state, s(299)).actions).toEqual([]);
    const down = tick(seen.state, s(301));
    expect(down.actions).toEqual([expect.objectContaining({ type: 'raise', seq: 1 })]);
    expect(tick(down.state, s(900)).actions).toEqual([]);
    const back = run(OFFLINE, [{ id: 'hb2', at: s(950), type: 'heartbeat' }], down.state);
    expect(back.types).toEqual(['clear']);
    const relapse = tick(back.state, s(950 + 301));
    expect(relapse.actions).toEqual([expect.objectContaining({ type: 'update', seq: 1, reopened: true })]);
  });

  it('a device never heard from counts from its registration', () => {
    expect(tick(null, s(400), s(0)).actions).toEqual([expect.objectContaining({ type: 'raise' })]);
    expect(tick(null, s(400)).actions).toEqual([]);
  });
});

describe('a disabled rule', () => {
  it('raises nothing but keeps track of the device', () => {
    const r = run({ ...WELDING, enabled: false }, [detection(s(0), 'welding', 0.99)]);
    expect(r.actions).toEqual([]);
    expect(r.state.lastEventAt).toBe(s(0));
  });
});

describe('rule validation', () => {
  it.each<[string, Partial<AlarmRule>, string]>([
    ['bad code', { code: 'Gas Leak' }, 'code'],
    ['no device kinds', { deviceKinds: [] }, 'deviceKinds'],
    ['unknown device kind', { deviceKinds: ['toaster' as never] }, 'deviceKinds'],
    ['negative dedup', { dedupSeconds: -1 }, 'dedupSeconds'],
    [
      'clear level above a rising limit',
      {
        trigger: {
          kind: 'threshold',
          match: { event: 'reading', metric: 'gas_lel', op: '>', value: 25 },
          forSeconds: 10,
          clearAt: 30,
        },
      },
      'trigger.clearAt',
    ],
    [
      'confidence above 1',
      {
        trigger: {
          kind: 'repetition',
          match: { event: 'detection', types: ['fire'], minConfidence: 70 },
          count: 1,
          withinSeconds: 0,
        },
      },
      'trigger.match.minConfidence',
    ],
    [
      'repetition without a window',
      {
        trigger: {
          kind: 'repetition',
          match: { event: 'detection', types: ['fire'], minConfidence: 0.7 },
          count: 3,
          withinSeconds: 0,
        },
      },
      'trigger.withinSeconds',
    ],
    [
      'bad window time',
      {
        trigger: {
          kind: 'time_window',
          match: { event: 'detection', types: ['welding'], minConfidence: 0.6 },
          permitted: [{ from: '8:00', to: '18:00' }],
          utcOffsetMinutes: 480,
        },
      },
      'trigger.permitted.0',
    ],
    ['cross-check on offline', { trigger: { kind: 'offline', afterSeconds: 300 } }, 'crossCheck'],
  ])('rejects %s', (_label, change, field) => {
    const r = validateRule({ ...WELDING, ...change });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.field).toBe(field);
  });

  it.each([GAS, WELDING, HELMET, HOT_WORK_WINDOW, OFFLINE])('accepts $code', (rule) => {
    expect(validateRule(rule).ok).toBe(true);
  });
});

const TODAY = '2026-11-23';
const cert = (over: Partial<OnDutyWorker['certificates'][number]> = {}) => ({
  id: 'c1',
  number: 'T310116198801010011',
  categoryCode: 'EM-02',
  categoryName: '焊接与热切割作业',
  isWelding: true,
  issuedOn: '2024-01-10',
  expiresOn: '2030-01-09',
  nextReviewOn: '2027-01-10',
  lastReviewedOn: null,
  reviewWindowDays: 60,
  ...over,
});
const worker = (name: string, certificates: OnDutyWorker['certificates']): OnDutyWorker => ({
  workerId: `w-${name}`,
  name,
  trade: 'welder',
  checkInAt: '2026-11-23T08:00:00.000Z',
  certificates,
});
const spec = WELDING.crossCheck!;

describe('cross-check: welding seen → on-duty workers and their welding certificates', () => {
  it('nobody on duty: nobody can be named, its own lower-severity finding', () => {
    const r = weldingCertificateCheck(spec, [], TODAY);
    expect(r.verdict).toBe('unknown');
    expect(r.severity).toBe('medium');
    expect(r.alarmType).toBe('unattributed_special_operation');
    expect(r.facts.map((f) => f.code)).toEqual(['SPECIAL_OPERATION', 'NOBODY_ON_DUTY', 'CANNOT_ATTRIBUTE']);
  });

  it('the welder on duty holds no welding certificate: a violation naming the worker', () => {
    const r = weldingCertificateCheck(
      spec,
      [worker('王强', [cert({ categoryCode: 'EM-01', isWelding: false })])],
      TODAY,
    );
    expect(r.verdict).toBe('violation');
    expect(r.facts).toContainEqual({
      code: 'NO_OPERATION_CERTIFICATE',
      params: {
        worker: '王强',
        workerId: 'w-王强',
        operationName: '焊接作业',
        certificateName: '焊接与热切割作业操作证',
      },
    });
    expect(r.facts.filter((f) => f.code === 'UNCERTIFIED_ON_DUTY').map((f) => f.params.worker)).toEqual([
      '王强',
    ]);
  });

  it('an expired certificate does not count, and the facts give its number and expiry', () => {
    const r = weldingCertificateCheck(
      spec,
      [worker('李明', [cert({ issuedOn: '2018-01-10', expiresOn: '2024-01-09', nextReviewOn: null })])],
      TODAY,
    );
    expect(r.verdict).toBe('violation');
    expect(r.facts.find((f) => f.code === 'OPERATION_CERTIFICATE_EXPIRED')?.params).toMatchObject({
      worker: '李明',
      number: 'T310116198801010011',
      expiresOn: '2024-01-09',
    });
  });

  it('a certificate merely due for review still lets its holder weld', () => {
    const r = weldingCertificateCheck(spec, [worker('赵刚', [cert({ nextReviewOn: '2026-12-01' })])], TODAY);
    expect(r.verdict).toBe('compliant');
  });

  it('a valid welder on duty does not cover an uncertified welder beside him (DOMAIN §7)', () => {
    const r = weldingCertificateCheck(spec, [worker('王强', []), worker('赵刚', [cert()])], TODAY);
    expect(r.verdict).toBe('violation');
    expect(r.facts.map((f) => f.code)).toEqual([
      'SPECIAL_OPERATION',
      'ON_DUTY',
      'NO_OPERATION_CERTIFICATE',
      'ON_DUTY',
      'OPERATION_CERTIFICATE_VALID',
      'UNCERTIFIED_ON_DUTY',
    ]);
  });

  it('compliant welding is suppressed; a violation is recorded; an unattributed one is recorded lower', () => {
    const baseAlarm = { alarmType: 'uncertified_special_operation', severity: 'high' as const };
    expect(
      applyCrossCheck(spec, weldingCertificateCheck(spec, [worker('赵刚', [cert()])], TODAY), baseAlarm)
        .record,
    ).toBe(false);
    expect(
      applyCrossCheck(spec, weldingCertificateCheck(spec, [worker('王强', [])], TODAY), baseAlarm),
    ).toEqual({ record: true, ...baseAlarm });
    expect(applyCrossCheck(spec, weldingCertificateCheck(spec, [], TODAY), baseAlarm)).toEqual({
      record: true,
      alarmType: 'unattributed_special_operation',
      severity: 'medium',
    });
  });
});

const crane = (over: Partial<BoundEquipment> = {}): BoundEquipment => ({
  id: 'e1',
  registrationCode: '4110310116001',
  categoryCode: '4000',
  typeName: '塔式起重机',
  registeredOn: '2023-05-01',
  lastInspectionOn: '2026-03-01',
  lastInspectionResult: 'pass',
  nextInspectionOn: '2027-03-01',
  warnDays: 30,
  ...over,
});
const craneSpec = {
  kind: 'equipment_inspection' as const,
  onCompliant: 'keep' as const,
  violationSeverity: 'critical' as const,
};

describe('cross-check: crane overload → periodic inspection in date?', () => {
  it.each<[string, Partial<BoundEquipment>, string, string]>([
    ['in date', {}, 'compliant', 'INSPECTION_IN_DATE'],
    ['due within 30 days', { nextInspectionOn: '2026-12-10' }, 'compliant', 'INSPECTION_DUE_SOON'],
    ['overdue', { nextInspectionOn: '2026-11-01' }, 'violation', 'INSPECTION_OVERDUE'],
    ['last inspection failed', { lastInspectionResult: 'fail' }, 'violation', 'LAST_INSPECTION_FAILED'],
    [
      'never inspected',
      { nextInspectionOn: null, lastInspectionOn: null, lastInspectionResult: null },
      'violation',
      'NO_INSPECTION_RECORD',
    ],
  ])('%s → %s', (_l, over, verdict, code) => {
    const r = equipmentInspectionCheck(craneSpec, crane(over), TODAY);
    expect(r.verdict).toBe(verdict);
    expect(r.facts[0].code).toBe(code);
    expect(r.severity).toBe(verdict === 'violation' ? 'critical' : undefined);
  });

  it('a monitor bound to no equipment cannot be checked', () => {
    expect(equipmentInspectionCheck(craneSpec, null, TODAY).verdict).toBe('unknown');
  });
});

describe('cross-check: elevator fault → registration and inspection', () => {
  const lift = crane({ categoryCode: '3000', typeName: '曳引驱动乘客电梯' });
  it('registered and in date: compliant, both facts', () => {
    expect(elevatorRegistrationCheck(craneSpec, lift, TODAY).facts.map((f) => f.code)).toEqual([
      'EQUIPMENT_REGISTERED',
      'INSPECTION_IN_DATE',
    ]);
  });
  it('not registered: a violation even when inspected', () => {
    const r = elevatorRegistrationCheck(craneSpec, { ...lift, registeredOn: null }, TODAY);
    expect(r.verdict).toBe('violation');
    expect(r.facts[0].code).toBe('EQUIPMENT_NOT_REGISTERED');
  });
});

describe('alarm lifecycle', () => {
  const officer = { kind: 'user' as const, role: 'duty_officer' as const };
  it.each<[string, string, string | null]>([
    ['new', 'acknowledge', 'acknowledged'],
    ['new', 'verify_real', 'verified'],
    ['new', 'mark_false_positive', 'false_positive'],
    ['escalated', 'acknowledge', 'acknowledged'],
    ['acknowledged', 'verify_real', 'verified'],
    ['verified', 'dispatch', 'dispatched'],
    ['verified', 'close', 'closed'],
    ['dispatched', 'close', 'closed'],
    ['false_positive', 'close', 'closed'],
    ['new', 'dispatch', null],
    ['new', 'close', null],
    ['acknowledged', 'acknowledge', null],
    ['false_positive', 'dispatch', null],
    ['closed', 'verify_real', null],
  ])('%s --%s--> %s', (status, action, to) => {
    const r = transitionAlarm({ status: status as never, acknowledgedAt: null }, action as never, officer);
    if (to === null) {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.code).toBe('ILLEGAL_TRANSITION');
    } else expect(r.ok && r.value.to).toBe(to);
  });

  it('a one-click verify from new also records the acknowledgement', () => {
    const r = transitionAlarm({ status: 'new', acknowledgedAt: null }, 'verify_real', officer);
    expect(r.ok && r.value).toEqual({ from: 'new', to: 'verified', acknowledges: true, verdict: 'real' });
  });

  it('only regulators handle alarms; only escalation happens by itself', () => {
    expect(
      transitionAlarm({ status: 'new', acknowledgedAt: null }, 'acknowledge', {
        kind: 'user',
        role: 'enterprise_manager',
      }).ok,
    ).toBe(false);
    expect(transitionAlarm({ status: 'new', acknowledgedAt: null }, 'escalate', { kind: 'system' }).ok).toBe(
      true,
    );
    expect(transitionAlarm({ status: 'new', acknowledgedAt: null }, 'close', { kind: 'system' }).ok).toBe(
      false,
    );
  });

  it('escalates an alarm nobody acknowledged in time', () => {
    expect(isDueForEscalation({ status: 'new', createdAtMs: s(0) }, s(14 * 60), 15)).toBe(false);
    expect(isDueForEscalation({ status: 'new', createdAtMs: s(0) }, s(15 * 60), 15)).toBe(true);
    expect(isDueForEscalation({ status: 'acknowledged', createdAtMs: s(0) }, s(60 * 60), 15)).toBe(false);
  });

  it('offers the actions that make sense', () => {
    expect(allowedAlarmActions('new')).toEqual(['acknowledge', 'verify_real', 'mark_false_positive']);
    expect(allowedAlarmActions('closed')).toEqual([]);
  });

  it('false-positive rate', () => {
    expect(falsePositiveRate({ real: 3, falsePositive: 1 })).toBe(0.25);
    expect(falsePositiveRate({ real: 0, falsePositive: 0 })).toBeNull();
  });
});
