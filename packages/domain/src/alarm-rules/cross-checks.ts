import { certificateStatus, isCertificateValidFor } from '../certificates.ts';
import { equipmentInspectionStatus } from '../equipment.ts';
import { step, type Explanation } from '../explanation.ts';
import type { AlarmSeverity, CrossCheckKind, CrossCheckSpec } from './types.ts';
import {
  ATTENDANCE_TOLERANCE_SECONDS,
  SPECIAL_OPERATIONS,
  UNATTRIBUTED_SPECIAL_OPERATION,
  type SpecialOperation,
} from './special-operations.ts';

export * from './special-operations.ts';

/**
 * Cross-checks against the registry: the facts that turn "a camera saw sparks" into "an
 * uncertified person is welding at this enterprise". The server gathers the registry rows; these
 * functions decide and explain. Every fact names the person or equipment and the dates.
 */
export interface CrossCheckOutcome {
  kind: CrossCheckKind;
  verdict: 'violation' | 'compliant' | 'unknown';
  facts: Explanation[];
  /** Set when the verdict changes the alarm's severity or type. */
  severity?: AlarmSeverity;
  alarmType?: string;
}

export interface DutyCertificate {
  id: string;
  number: string;
  categoryCode: string;
  categoryName: string;
  isWelding: boolean;
  issuedOn: string;
  expiresOn: string;
  nextReviewOn: string | null;
  lastReviewedOn: string | null;
  reviewWindowDays: number;
}

export interface OnDutyWorker {
  workerId: string;
  name: string;
  trade: string;
  checkInAt: string;
  certificates: DutyCertificate[];
  /** The worker's employer in the registry (a contractor's worker is employed elsewhere). */
  employer?: { id: string; name: string } | null;
}

/** Where the operation was seen: the enterprise supervised there (to tell its own staff from a contractor's). */
export interface OperationPlace {
  enterpriseId?: string | null;
}

/** The operation a cross-check spec is about (a welding_certificate spec is about welding). */
export function operationOf(spec: CrossCheckSpec): SpecialOperation {
  if (spec.kind === 'welding_certificate') return 'welding';
  return spec.operation ?? 'welding';
}

/** Does this certificate's category make its holder lawful for the operation? */
export function certificateCoversOperation(
  c: { categoryCode: string; isWelding: boolean },
  op: SpecialOperation,
) {
  const def = SPECIAL_OPERATIONS[op];
  return (def.categories as readonly string[]).includes(c.categoryCode) || (def.weldingFlag && c.isWelding);
}

/**
 * A special operation seen at a place: EACH person on duty for it must hold a valid certificate of
 * its category (DOMAIN §7: the violation is the person's; a certified colleague on the same shift
 * does not make it lawful).
 *
 * On duty for the operation = checked in at the place and either of one of the operation's trades
 * or holding a certificate of it (valid or not). Everyone on duty is classified:
 * - holds a valid certificate of the operation → certified;
 * - on duty for it without a valid one → named: the alarm is a violation naming every such person
 *   with their employer;
 * - neither (a labourer in the welding shop) → not on duty for the operation, listed, not named.
 *
 * Nobody named and somebody certified → compliant. Nobody named and nobody certified — nobody checked
 * in at all, or only people not registered for the operation (several candidates, or one, and the
 * camera cannot say who) → the verdict is `unknown`: its own finding (`unattributedType`,
 * `unattributedSeverity`, default medium) saying why nobody can be named, never silence.
 */
export function specialOperationCheck(
  spec: CrossCheckSpec,
  onDuty: OnDutyWorker[],
  today: string,
  place: OperationPlace = {},
): CrossCheckOutcome {
  const op = operationOf(spec);
  const def = SPECIAL_OPERATIONS[op];
  const facts: Explanation[] = [
    step('SPECIAL_OPERATION', {
      operation: op,
      operationName: def.zh,
      certificateName: def.certificateZh,
      categories: def.categories.join(', '),
      toleranceSeconds: spec.toleranceSeconds ?? ATTENDANCE_TOLERANCE_SECONDS,
    }),
  ];
  if (onDuty.length === 0) {
    facts.push(step('NOBODY_ON_DUTY', {}));
    facts.push(step('CANNOT_ATTRIBUTE', { reason: 'nobody_on_duty', operationName: def.zh, candidates: 0 }));
    return unattributed(spec, facts);
  }
  const named: Array<{ w: OnDutyWorker; employer: Record<string, string | number> }> = [];
  const candidates: Array<{ w: OnDutyWorker; employer: Record<string, string | number> }> = [];
  let certified = 0;
  for (const w of onDuty) {
    const employer = employerParams(w, place);
    facts.push(
      step('ON_DUTY', {
        worker: w.name,
        workerId: w.workerId,
        trade: w.trade,
        checkInAt: w.checkInAt,
        ...employer,
      }),
    );
    const held = w.certificates.filter((c) => certificateCoversOperation(c, op));
    let valid = false;
    for (const c of held) {
      const rules = { reviewWindowDays: c.reviewWindowDays };
      const cert = {
        category: c.categoryCode,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        nextReviewOn: c.nextReviewOn,
        lastReviewedOn: c.lastReviewedOn,
      };
      const ok = isCertificateValidFor(cert, c.categoryCode, today, rules);
      const status = certificateStatus(cert, today, rules);
      const params = {
        worker: w.name,
        workerId: w.workerId,
        certificateId: c.id,
        number: c.number,
        category: c.categoryCode,
        categoryName: c.categoryName,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        status: status.status,
      };
      if (ok) {
        valid = true;
        facts.push(step('OPERATION_CERTIFICATE_VALID', params));
      } else if (status.status === 'expired') facts.push(step('OPERATION_CERTIFICATE_EXPIRED', params));
      else facts.push(step('OPERATION_CERTIFICATE_NOT_YET_VALID', params));
    }
    if (valid) {
      certified++;
      continue;
    }
    const forOperation = held.length > 0 || (def.trades as readonly string[]).includes(w.trade);
    if (forOperation) {
      if (!held.length)
        facts.push(
          step('NO_OPERATION_CERTIFICATE', {
            worker: w.name,
            workerId: w.workerId,
            operationName: def.zh,
            certificateName: def.certificateZh,
          }),
        );
      named.push({ w, employer });
    } else {
      facts.push(
        step('NOT_ON_DUTY_FOR_OPERATION', {
          worker: w.name,
          workerId: w.workerId,
          trade: w.trade,
          operationName: def.zh,
        }),
      );
      candidates.push({ w, employer });
    }
  }
  if (named.length) {
    for (const { w, employer } of named)
      facts.push(
        step('UNCERTIFIED_ON_DUTY', {
          worker: w.name,
          workerId: w.workerId,
          trade: w.trade,
          operationName: def.zh,
          certificateName: def.certificateZh,
          ...employer,
        }),
      );
    return violation(spec, facts);
  }
  if (certified) return { kind: spec.kind, verdict: 'compliant', facts };
  facts.push(
    step('CANNOT_ATTRIBUTE', {
      reason: candidates.length > 1 ? 'several_candidates' : 'not_registered_for_operation',
      operationName: def.zh,
      candidates: candidates.length,
    }),
  );
  return unattributed(spec, facts);
}

/** Welding seen at a site (rules written before issue 11): the special-operation check for welding. */
export function weldingCertificateCheck(
  spec: CrossCheckSpec,
  onDuty: OnDutyWorker[],
  today: string,
  place: OperationPlace = {},
): CrossCheckOutcome {
  return specialOperationCheck({ ...spec, operation: 'welding' }, onDuty, today, place);
}

/** The employer as fact params: its name, and whether it is someone other than the enterprise supervised there. */
function employerParams(w: OnDutyWorker, place: OperationPlace): Record<string, string | number> {
  if (!w.employer) return {};
  return {
    employer: w.employer.name,
    employerId: w.employer.id,
    externalEmployer: place.enterpriseId && w.employer.id !== place.enterpriseId ? 1 : 0,
  };
}

function unattributed(spec: CrossCheckSpec, facts: Explanation[]): CrossCheckOutcome {
  return {
    kind: spec.kind,
    verdict: 'unknown',
    facts,
    severity: spec.unattributedSeverity ?? 'medium',
    alarmType: spec.unattributedType ?? UNATTRIBUTED_SPECIAL_OPERATION,
  };
}

export interface BoundEquipment {
  id: string;
  registrationCode: string;
  categoryCode: string;
  typeName: string;
  registeredOn: string | null;
  lastInspectionOn: string | null;
  lastInspectionResult: 'pass' | 'pass_with_remarks' | 'fail' | null;
  nextInspectionOn: string | null;
  warnDays: number;
}

/** Crane or hoist overload: is its periodic inspection in date? */
export function equipmentInspectionCheck(
  spec: CrossCheckSpec,
  eq: BoundEquipment | null,
  today: string,
): CrossCheckOutcome {
  if (!eq) return { kind: spec.kind, verdict: 'unknown', facts: [step('EQUIPMENT_NOT_BOUND', {})] };
  const facts: Explanation[] = [];
  const bad = inspectionFacts(eq, today, facts);
  return bad ? violation(spec, facts) : { kind: spec.kind, verdict: 'compliant', facts };
}

/** Elevator fault: is the elevator registered, and is its inspection in date? */
export function elevatorRegistrationCheck(
  spec: CrossCheckSpec,
  eq: BoundEquipment | null,
  today: string,
): CrossCheckOutcome {
  if (!eq) return { kind: spec.kind, verdict: 'unknown', facts: [step('EQUIPMENT_NOT_BOUND', {})] };
  const facts: Explanation[] = [];
  let bad = false;
  if (eq.registrationCode && eq.registeredOn) {
    facts.push(
      step('EQUIPMENT_REGISTERED', { registrationCode: eq.registrationCode, registeredOn: eq.registeredOn }),
    );
  } else {
    bad = true;
    facts.push(step('EQUIPMENT_NOT_REGISTERED', { registrationCode: eq.registrationCode || '' }));
  }
  if (inspectionFacts(eq, today, facts)) bad = true;
  return bad ? violation(spec, facts) : { kind: spec.kind, verdict: 'compliant', facts };
}

/** Adds the inspection facts; true when the equipment must not be in use. */
function inspectionFacts(eq: BoundEquipment, today: string, facts: Explanation[]): boolean {
  const a = equipmentInspectionStatus(
    {
      nextInspectionOn: eq.nextInspectionOn,
      lastInspectionOn: eq.lastInspectionOn,
      lastResult:
        eq.lastInspectionResult === null ? null : eq.lastInspectionResult === 'fail' ? 'fail' : 'pass',
    },
    today,
    { warnDays: eq.warnDays },
  );
  const base = {
    registrationCode: eq.registrationCode,
    typeName: eq.typeName,
    lastInspectionOn: eq.lastInspectionOn ?? '',
  };
  switch (a.reason.code) {
    case 'IN_DATE':
      facts.push(
        step('INSPECTION_IN_DATE', {
          ...base,
          nextInspectionOn: a.reason.nextInspectionOn,
          daysLeft: a.reason.daysLeft,
        }),
      );
      return false;
    case 'DUE_SOON':
      facts.push(
        step('INSPECTION_DUE_SOON', {
          ...base,
          nextInspectionOn: a.reason.nextInspectionOn,
          daysLeft: a.reason.daysLeft,
        }),
      );
      return false;
    case 'OVERDUE':
      facts.push(
        step('INSPECTION_OVERDUE', {
          ...base,
          nextInspectionOn: a.reason.nextInspectionOn,
          daysPast: a.reason.daysPast,
        }),
      );
      return true;
    case 'LAST_INSPECTION_FAILED':
      facts.push(step('LAST_INSPECTION_FAILED', base));
      return true;
    case 'NO_NEXT_INSPECTION_DATE':
      facts.push(step('NO_INSPECTION_RECORD', base));
      return true;
  }
}

function violation(spec: CrossCheckSpec, facts: Explanation[]): CrossCheckOutcome {
  return {
    kind: spec.kind,
    verdict: 'violation',
    facts,
    ...(spec.violationSeverity && { severity: spec.violationSeverity }),
    ...(spec.violationType && { alarmType: spec.violationType }),
  };
}

/** Does the incident become an alarm, and with which type and severity? */
export function applyCrossCheck(
  spec: CrossCheckSpec | null,
  outcome: CrossCheckOutcome | null,
  base: { alarmType: string; severity: AlarmSeverity },
): { record: boolean; alarmType: string; severity: AlarmSeverity } {
  if (!spec || !outcome) return { record: true, ...base };
  if (outcome.verdict === 'compliant' && spec.onCompliant === 'suppress') return { record: false, ...base };
  return {
    record: true,
    alarmType: outcome.alarmType ?? base.alarmType,
    severity: outcome.severity ?? base.severity,
  };
}
