import { certificateStatus, isCertificateValidFor } from '../certificates.ts';
import { equipmentInspectionStatus } from '../equipment.ts';
import { step, type Explanation } from '../explanation.ts';
import type { AlarmSeverity, CrossCheckKind, CrossCheckSpec } from './types.ts';

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
}

/** Welding seen at a site: does anyone on duty there hold a valid welding & hot-cutting certificate? */
export function weldingCertificateCheck(
  spec: CrossCheckSpec,
  onDuty: OnDutyWorker[],
  today: string,
): CrossCheckOutcome {
  const facts: Explanation[] = [];
  if (onDuty.length === 0) {
    facts.push(step('NOBODY_ON_DUTY', {}));
    return violation(spec, facts);
  }
  let anyValid = false;
  for (const w of onDuty) {
    facts.push(
      step('ON_DUTY', { worker: w.name, workerId: w.workerId, trade: w.trade, checkInAt: w.checkInAt }),
    );
    const welding = w.certificates.filter((c) => c.isWelding);
    if (welding.length === 0) {
      facts.push(step('NO_WELDING_CERTIFICATE', { worker: w.name, workerId: w.workerId }));
      continue;
    }
    for (const c of welding) {
      const rules = { reviewWindowDays: c.reviewWindowDays };
      const held = {
        category: c.categoryCode,
        issuedOn: c.issuedOn,
        expiresOn: c.expiresOn,
        nextReviewOn: c.nextReviewOn,
        lastReviewedOn: c.lastReviewedOn,
      };
      const valid = isCertificateValidFor(held, c.categoryCode, today, rules);
      const status = certificateStatus(held, today, rules);
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
      if (valid) {
        anyValid = true;
        facts.push(step('WELDING_CERTIFICATE_VALID', params));
      } else if (status.status === 'expired') {
        facts.push(step('WELDING_CERTIFICATE_EXPIRED', params));
      } else {
        facts.push(step('WELDING_CERTIFICATE_NOT_YET_VALID', params));
      }
    }
  }
  if (anyValid) return { kind: spec.kind, verdict: 'compliant', facts };
  facts.push(step('NO_VALID_WELDING_CERTIFICATE_ON_DUTY', { onDuty: onDuty.length }));
  return violation(spec, facts);
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
