import type { CreditRecordView } from '@redline/contracts';
import { CREDIT_LIST_RULES, creditInForce } from '@redline/domain';
import { iso } from '../../db/paging.ts';
import type { CreditEventRow, CreditRow } from './repo.ts';

export function creditRecordView(r: CreditRow, events: CreditEventRow[], today: string): CreditRecordView {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    regionCode: r.region_code,
    listKind: r.list_kind,
    conditionCode: r.condition_code,
    conditionText: r.condition_text,
    authorityId: r.authority_id,
    authorityName: r.authority_name,
    decisionNo: r.decision_no,
    startsOn: r.starts_on,
    plannedEndOn: r.planned_end_on,
    repairFrom: r.repair_from,
    inForce: creditInForce(
      { startsOn: r.starts_on, plannedEndOn: r.planned_end_on, removed: r.removed_at !== null },
      today,
    ),
    removedOn: r.removed_on,
    removalReason: r.removal_reason,
    source: CREDIT_LIST_RULES[r.list_kind].source,
    history: events
      .filter((e) => e.record_id === r.id)
      .map((e) => ({ action: e.action, at: iso(e.at), byName: e.by_name, note: e.note })),
  };
}
