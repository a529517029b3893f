import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_TOLERANCE_SECONDS,
  applyCrossCheck,
  specialOperationCheck,
  validateRule,
  type AlarmRule,
  type CrossCheckSpec,
  type OnDutyWorker,
} from '../src/index.ts';

/**
 * Issue 11: a special operation seen at a place is checked person by person — a certified colleague
 * on the same shift does not make an uncertified worker's operation lawful (DOMAIN §7); who cannot be
 * named gets its own, lower-severity finding.
 */
const TODAY = '2026-11-23';
const SITE_ENTERPRISE = 'ent-anchor';
const CONTRACTOR = { id: 'ent-contractor', name: '上海某某钢结构工程有限公司' };
const OWN = { id: SITE_ENTERPRISE, name: '上海恒锐精密机械有限公司' };

const spec = (operation: CrossCheckSpec['operation']): CrossCheckSpec => ({
  kind: 'special_operation_certificate',
  operation,
  onCompliant: 'suppress',
  shiftHours: 16,
  unattributedSeverity: 'medium',
  unattributedType: 'unattributed_special_operation',
});

let n = 0;
const cert = (categoryCode: string, over: Partial<OnDutyWorker['certificates'][number]> = {}) => ({
  id: `c${++n}`,
  number: `T${categoryCode}-${n}`,
  categoryCode,
  categoryName: categoryCode,
  isWelding: categoryCode === 'EM-02' || categoryCode === 'HS-07',
  issuedOn: '2024-01-10',
  expiresOn: '2030-01-09',
  nextReviewOn: '2027-01-10',
  lastReviewedOn: null,
  reviewWindowDays: 60,
  ...over,
});
const person = (
  name: string,
  trade: string,
  certificates: OnDutyWorker['certificates'] = [],
  employer = OWN,
): OnDutyWorker => ({
  workerId: `w-${name}`,
  name,
  trade,
  checkInAt: '2026-11-23T08:00:00.000Z',
  certificates,
  employer,
});
const named = (r: ReturnType<typeof specialOperationCheck>) =>
  r.facts.filter((f) => f.code === 'UNCERTIFIED_ON_DUTY').map((f) => f.params.worker);
const check = (op: CrossCheckSpec['operation'], people: OnDutyWorker[]) =>
  specialOperationCheck(spec(op), people, TODAY, { enterpriseId: SITE_ENTERPRISE });

describe('special operation seen: each person on duty for it, not the site as a whole', () => {
  it('a certified and an uncertified welder on duty together → a violation naming the uncertified one and his employer', () => {
    const r = check('welding', [
      person('张持证', 'welder', [cert('EM-02')]),
      person('李某某', 'welder', [], CONTRACTOR),
    ]);
    expect(r.verdict).toBe('violation');
    expect(named(r)).toEqual(['李某某']);
    expect(r.facts.find((f) => f.code === 'UNCERTIFIED_ON_DUTY')?.params).toMatchObject({
      worker: '李某某',
      trade: 'welder',
      employer: CONTRACTOR.name,
      employerId: CONTRACTOR.id,
      externalEmployer: 1,
      operationName: '焊接作业',
    });
    // the certified colleague is listed as such, never named
    expect(r.facts).toContainEqual(
      expect.objectContaining({
        code: 'OPERATION_CERTIFICATE_VALID',
        params: expect.objectContaining({ worker: '张持证' }),
      }),
    );
    expect(
      applyCrossCheck(spec('welding'), r, { alarmType: 'uncertified_special_operation', severity: 'high' }),
    ).toEqual({ record: true, alarmType: 'uncertified_special_operation', severity: 'high' });
  });

  it('the own enterprise’s worker is not marked as external', () => {
    const r = check('welding', [person('王无证', 'welder')]);
    expect(r.facts.find((f) => f.code === 'UNCERTIFIED_ON_DUTY')?.params.externalEmployer).toBe(0);
  });

  it('several uncertified → all named, in check-in order', () => {
    const r = check('welding', [
      person('甲', 'welder'),
      person('乙', 'welder', [cert('EM-02')]),
      person('丙', 'welder', [cert('EM-02', { issuedOn: '2018-01-10', expiresOn: '2024-01-09' })]),
      person('丁', 'welder', [], CONTRACTOR),
    ]);
    expect(r.verdict).toBe('violation');
    expect(named(r)).toEqual(['甲', '丙', '丁']);
  });

  it('someone holding only an expired certificate of the operation is on duty for it whatever his trade', () => {
    const r = check('welding', [
      person('乙', 'welder', [cert('EM-02')]),
      person('戊', 'labourer', [cert('EM-02', { issuedOn: '2018-01-10', expiresOn: '2024-01-09' })]),
    ]);
    expect(named(r)).toEqual(['戊']);
  });

  it('a certificate of another category does not count (an electrician’s for welding)', () => {
    const r = check('welding', [person('己', 'welder', [cert('EM-01'), cert('HS-01')])]);
    expect(named(r)).toEqual(['己']);
  });

  it('a welding category the registry flags (a province’s own) counts for welding', () => {
    const r = check('welding', [person('庚', 'welder', [cert('GD-WELD', { isWelding: true })])]);
    expect(r.verdict).toBe('compliant');
  });

  it('a certified welder with a labourer beside him: compliant, the labourer listed, not named', () => {
    const r = check('welding', [person('乙', 'welder', [cert('HS-07')]), person('辛', 'labourer')]);
    expect(r.verdict).toBe('compliant');
    expect(r.facts).toContainEqual(
      expect.objectContaining({
        code: 'NOT_ON_DUTY_FOR_OPERATION',
        params: expect.objectContaining({ worker: '辛' }),
      }),
    );
    expect(named(r)).toEqual([]);
  });
});

describe('who cannot be named gets its own, lower-severity finding', () => {
  it('nobody on duty → unknown, unattributed_special_operation, medium', () => {
    const r = check('welding', []);
    expect(r).toMatchObject({
      verdict: 'unknown',
      alarmType: 'unattributed_special_operation',
      severity: 'medium',
    });
    expect(r.facts.at(-1)).toEqual({
      code: 'CANNOT_ATTRIBUTE',
      params: { reason: 'nobody_on_duty', operationName: '焊接作业', candidates: 0 },
    });
    const decision = applyCrossCheck(spec('welding'), r, {
      alarmType: 'uncertified_special_operation',
      severity: 'high',
    });
    expect(decision).toEqual({
      record: true,
      alarmType: 'unattributed_special_operation',
      severity: 'medium',
    });
  });

  it('several people on duty, none registered for the operation, nobody certified → several candidates', () => {
    const r = check('welding', [person('壬', 'labourer'), person('癸', 'operator')]);
    expect(r.verdict).toBe('unknown');
    expect(named(r)).toEqual([]);
    expect(r.facts.at(-1)?.params).toMatchObject({ reason: 'several_candidates', candidates: 2 });
  });

  it('one person not registered for it → not attributed either', () => {
    const r = check('welding', [person('壬', 'labourer')]);
    expect(r.verdict).toBe('unknown');
    expect(r.facts.at(-1)?.params).toMatchObject({ reason: 'not_registered_for_operation', candidates: 1 });
  });

  it('a rule without unattributed settings still records it lower than a violation (medium)', () => {
    const r = specialOperationCheck(
      { kind: 'special_operation_certificate', operation: 'electrical', onCompliant: 'suppress' },
      [],
      TODAY,
    );
    expect(r).toMatchObject({ severity: 'medium', alarmType: 'unattributed_special_operation' });
  });
});

describe('the other special operations', () => {
  it('hot cutting: the welding & hot-cutting certificate covers it; an uncertified cutter beside a certified one is named', () => {
    const r = check('hot_cutting', [
      person('甲', 'welder', [cert('EM-02')]),
      person('乙', 'welder', [], CONTRACTOR),
    ]);
    expect(r.verdict).toBe('violation');
    expect(named(r)).toEqual(['乙']);
    expect(r.facts[0].params).toMatchObject({ operation: 'hot_cutting', operationName: '热切割作业' });
  });

  it('work at height: a scaffolder without HS-02 beside one with it is named; a welder there is not on duty for it', () => {
    const r = check('work_at_height', [
      person('甲', 'scaffolder', [cert('HS-02')]),
      person('乙', 'scaffolder'),
      person('丙', 'welder', [cert('EM-02')]),
    ]);
    expect(r.verdict).toBe('violation');
    expect(named(r)).toEqual(['乙']);
    expect(r.facts).toContainEqual(
      expect.objectContaining({
        code: 'NOT_ON_DUTY_FOR_OPERATION',
        params: expect.objectContaining({ worker: '丙', operationName: '高处作业' }),
      }),
    );
  });

  it('work at height: the emergency-track work-at-height certificate (EM-03) counts', () => {
    expect(check('work_at_height', [person('甲', 'scaffolder', [cert('EM-03')])]).verdict).toBe('compliant');
  });

  it('electrical work: a construction electrician certificate counts, a welding one does not', () => {
    expect(check('electrical', [person('甲', 'electrician', [cert('HS-01')])]).verdict).toBe('compliant');
    expect(named(check('electrical', [person('乙', 'electrician', [cert('EM-02')])]))).toEqual(['乙']);
  });

  it('hoisting: a signaller and a crane driver, only the driver certified → the signaller is named', () => {
    const r = check('hoisting', [person('甲', 'crane_operator', [cert('HS-04')]), person('乙', 'signaller')]);
    expect(named(r)).toEqual(['乙']);
  });
});

describe('rule data for special-operation checks', () => {
  const rule: AlarmRule = {
    code: 'height-uncertified',
    version: 1,
    name: { zh: '无证特种作业（高处作业）', en: 'Uncertified work at height' },
    alarmType: 'uncertified_special_operation',
    severity: 'high',
    deviceKinds: ['ai_camera'],
    trigger: {
      kind: 'repetition',
      match: { event: 'detection', types: ['work_at_height'], minConfidence: 0.6 },
      count: 1,
      withinSeconds: 0,
    },
    crossCheck: spec('work_at_height'),
    dedupSeconds: 600,
    cooldownSeconds: 1800,
    enabled: true,
  };

  it('accepts a special-operation check with its operation and tolerance', () => {
    expect(validateRule({ ...rule, crossCheck: { ...spec('work_at_height'), toleranceSeconds: 0 } }).ok).toBe(
      true,
    );
  });

  it.each([
    ['no operation', { ...spec(undefined) }, 'crossCheck.operation'],
    ['an unknown operation', { ...spec('diving' as never) }, 'crossCheck.operation'],
    ['a negative tolerance', { ...spec('welding'), toleranceSeconds: -1 }, 'crossCheck.toleranceSeconds'],
    [
      'a tolerance over 10 minutes',
      { ...spec('welding'), toleranceSeconds: 601 },
      'crossCheck.toleranceSeconds',
    ],
    ['a fractional tolerance', { ...spec('welding'), toleranceSeconds: 1.5 }, 'crossCheck.toleranceSeconds'],
    [
      'an operation on another kind of check',
      { kind: 'equipment_inspection' as const, onCompliant: 'keep' as const, operation: 'welding' as const },
      'crossCheck.operation',
    ],
  ])('refuses %s', (_label, crossCheck, field) => {
    const r = validateRule({ ...rule, crossCheck });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.field).toBe(field);
  });

  it('states the default tolerance as a named constant of at least a second', () => {
    expect(ATTENDANCE_TOLERANCE_SECONDS).toBeGreaterThanOrEqual(1);
    const r = check('welding', []);
    expect(r.facts[0].params.toleranceSeconds).toBe(ATTENDANCE_TOLERANCE_SECONDS);
  });
});
